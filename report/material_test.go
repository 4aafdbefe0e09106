package report

import (
	"bytes"
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"orglife"
)

// materialData is a meeting where 张三 (4) recorded points in three areas (one withdrawn, one
// a near-duplicate, one without a cause), talked with 李四 (5, recorded by 张三) and 王五 (6, recorded by 王五), and
// owns a rectification item; 李四 and 王五 have their own points, talk and item, which must
// never show in 张三's material.
func materialData() Data {
	withCause := func(p orglife.Point, cause string) orglife.Point { p.Cause = cause; return p }
	withdrawn := point("mz9", 4, orglife.AreaIntegrity, orglife.SourceSelf, "撤回的廉洁问题不应出现", "")
	withdrawn.Withdrawn = true
	return Data{
		BranchName: "第一党支部",
		Meeting:    seedMeeting(),
		Members:    testMembers,
		Points: []orglife.Point{
			withCause(point("mz1", 4, orglife.AreaWorkStyle, orglife.SourceSelf, "我下基层调研次数偏少，对群众急难愁盼掌握不准。例如：今年只去过两个联系点", "每月至少下基层调研两次"),
				"宗旨意识有所淡化"),
			withCause(point("mz2", 4, orglife.AreaTheory, orglife.SourceSelf, "学习党的创新理论只读摘要不读原文，系统性不强", "每周读原文两次"),
				"对理论学习的重要性认识不足"),
			point("mz3", 4, orglife.AreaTheory, orglife.SourceMutual, "学习党的创新理论只读摘要不读原文", "每周读原文两次"),
			point("mz4", 4, orglife.AreaCapability, orglife.SourceSelf, "对新业务知识钻研不够深，遇到新问题办法不多", ""),
			withdrawn,
			withCause(point("ml1", 5, orglife.AreaIntegrity, orglife.SourceSelf, "李四的问题：公车私用苗头", "李四的措施"), "李四的原因"),
		},
		Talks: []orglife.Talk{
			{ID: "t1", RecordedBy: 4, With: 5, WithName: "李四", Date: day(2024, 1, 5), Form: orglife.TalkFaceToFace,
				Raised: "张三对李四说的话", Received: "希望你多读原著原文"},
			{ID: "t2", RecordedBy: 6, With: 4, WithName: "张三", Date: day(2024, 1, 3), Form: orglife.TalkPhone,
				Raised: "建议张三多到一线听取意见", Received: "张三对王五说的话", Status: orglife.ConfirmDisputed, Comment: "谈话时间记错了"},
			{ID: "t3", RecordedBy: 5, With: 6, WithName: "王五", Date: day(2024, 1, 4), Form: orglife.TalkOnline,
				Raised: "李四向王五提的意见", Received: "王五向李四提的意见"},
			{ID: "t4", RecordedBy: 5, With: 4, WithName: "张三", Date: day(2024, 1, 6), Form: orglife.TalkOnline,
				Raised: "撤回的谈话意见不应出现", Received: "张三的回应", Withdrawn: true},
		},
		Items: []orglife.RectItem{
			{ID: "r1", Number: 1, Measure: "建立基层联系点制度", Owner: 4, Deadline: day(2024, 3, 31)},
			{ID: "r2", Number: 2, Measure: "李四负责的整改事项", Owner: 5, Deadline: day(2024, 4, 30)},
		},
	}
}

// fullMaterialData is materialData with the meeting's theme, a collective session and a
// seminar (张三 attended the first), study records, a talk 赵委员 recorded with 张三 that
// 张三 confirmed, and a cause the member placed under 党性修养 themselves.
func fullMaterialData() Data {
	d := materialData()
	d.Meeting = fullMeeting()
	d.Points[3].Cause = "党性修养：钻研精神不足，满足于过得去"
	d.Sessions = []orglife.StudySession{
		{ID: "s1", Kind: orglife.SessionCollective, Date: day(2023, 9, 22), Topic: "《中国共产党章程》", Hours: 2, Attendance: []int64{1, 4, 5}},
		{ID: "s2", Kind: orglife.SessionSeminar, Date: day(2023, 9, 25), Topic: "李四没去张三也没去的研讨", Hours: 2, Attendance: []int64{1, 5}},
	}
	d.Studies = []orglife.Study{
		{ID: "st1", MemberID: 4, Form: orglife.StudySelf, Date: day(2023, 9, 21), Topic: "习近平新时代中国特色社会主义思想专题摘编", Hours: 1},
		{ID: "st2", MemberID: 4, Form: orglife.StudyOnline, Date: day(2023, 9, 23), Topic: "中国共产党章程", Hours: 1, Channel: "学习强国"},
		{ID: "st3", MemberID: 5, Form: orglife.StudySelf, Date: day(2023, 9, 21), Topic: "李四自学的篇目", Hours: 1},
	}
	d.Talks = append(d.Talks, orglife.Talk{ID: "t5", RecordedBy: 3, With: 4, WithName: "张三", Date: day(2024, 1, 7),
		Form: orglife.TalkFaceToFace, Raised: "张三同志开会发言准备不充分", Received: "张三对赵委员说的话", Status: orglife.ConfirmAgreed})
	return d
}

// earlierMaterialData is fullMaterialData where the branch held a meeting before: 张三 owned
// two of its items (one closed, answering his point e1; one in progress, with a report), and
// recorded a point (e2) no item answers; 李四's item and point must not show.
// earlierPointWithoutText is earlierMaterialData whose point without an item has no text.
func earlierPointWithoutText() Data {
	d := earlierMaterialData()
	d.EarlierPoints[1].Problem = " "
	return d
}

func earlierMaterialData() Data {
	d := fullMaterialData()
	prev := orglife.Meeting{ID: "m0", BranchID: "b1", Title: "2022年度专题组织生活会", Date: day(2022, 12, 20)}
	at := time.Date(2022, 12, 10, 9, 0, 0, 0, time.UTC)
	earlier := func(id string, member int64, problem string) orglife.Point {
		return orglife.Point{ID: id, MeetingID: "m0", MemberID: member, Area: orglife.AreaTheory, Problem: problem, CreatedAt: at}
	}
	d.EarlierPoints = []orglife.Point{
		earlier("e1", 4, "理论学习碎片化，缺乏系统规划"),
		earlier("e2", 4, "批评与自我批评辣味不足"),
		earlier("e3", 5, "李四上次的问题"),
	}
	items := []orglife.RectItem{
		{ID: "o1", MeetingID: "m0", Number: 1, PointID: "e1", Problem: "理论学习碎片化，缺乏系统规划", Measure: "制定年度个人学习计划",
			Owner: 4, Deadline: day(2023, 3, 31), Status: orglife.RectClosed, ClosedOn: day(2023, 3, 28), CreatedAt: at},
		{ID: "o2", MeetingID: "m0", Number: 2, Problem: "联系群众不够紧密", Measure: "每季度走访服务对象一次", Owner: 4,
			Deadline: day(2023, 12, 31), Status: orglife.RectInProgress, CreatedAt: at,
			Progress: []orglife.RectReport{{At: time.Date(2023, 6, 30, 9, 0, 0, 0, time.UTC), By: 4, Status: orglife.RectInProgress, Note: "已走访两次"}}},
		{ID: "o3", MeetingID: "m0", Number: 3, Problem: "李四上次的问题", Measure: "李四上次的措施", Owner: 5,
			Deadline: day(2023, 6, 30), Status: orglife.RectClosed, CreatedAt: at},
	}
	d.Carried = &orglife.Carried{Meeting: prev, Items: items, Closed: 2, Open: items[1:2]}
	return d
}

// materialText is the document's blocks, one a line.
func materialText(doc Document) string {
	lines := make([]string, len(doc.Blocks))
	for i, b := range doc.Blocks {
		lines[i] = b.Text
	}
	return strings.Join(lines, "\n")
}

// commentOf is the comment of the sentence that contains text, "" if none does.
func commentOf(doc Document, text string) string {
	for _, b := range doc.Blocks {
		for _, s := range b.Sentences {
			if strings.Contains(s.Text, text) {
				return s.Comment()
			}
		}
	}
	return ""
}

func TestMaterial(t *testing.T) {
	others := []string{"李四的问题", "李四的原因", "李四的措施", "李四负责的整改事项", "李四向王五提的意见",
		"王五向李四提的意见", "张三对李四说的话", "张三对王五说的话", "撤回的廉洁问题", "撤回的谈话意见", "张三对赵委员说的话",
		"李四没去", "李四自学", "李四上次"}
	headings := []string{"一、上次查摆问题整改落实情况", "二、存在的问题", "（一）理论学习方面", "（二）政治素质方面", "（三）能力本领方面",
		"（四）担当作为方面", "（五）工作作风方面", "（六）廉洁自律方面", "（七）谈心谈话中同志们指出的问题", "三、原因剖析"}
	tests := []struct {
		name    string
		data    Data
		member  int64
		wantErr bool
		title   string
		heads   []string // after the common ones; nil: not checked
		want    []string // in this order
		// comments: a sentence containing the key carries the comment.
		comments     map[string]string
		notWant      []string
		placeholders bool // no sentence states anything but the meeting
	}{
		{
			name: "full records", data: fullMaterialData(), member: 4, title: "张三同志主题教育专题组织生活会个人对照检查材料",
			heads: []string{"（一）理想信念方面", "（二）党性修养方面", "（三）宗旨意识方面", "四、整改措施"},
			want: []string{
				"本人紧紧围绕学习贯彻习近平新时代中国特色社会主义思想主题，",
				"会前，本人参加和开展集中学习1次、个人自学1次、线上学习1次，重点学习了《中国共产党章程》、习近平新时代中国特色社会主义思想专题摘编。",
				"本人与李四、赵委员同志开展谈心谈话2次（面对面2次），相互指出问题、提出建议。",
				"【待补充：另有1次谈心谈话记录尚待对方确认，确认后写入】现将个人对照检查情况报告如下。",
				"【待补充：上次查摆问题整改落实情况（系统中没有本支部上次组织生活会的记录）】",
				"（一）理论学习方面", "学习党的创新理论只读摘要不读原文，系统性不强。具体表现：【待补充：具体表现】。",
				"（二）政治素质方面", "【待补充：政治素质方面的问题】",
				"（三）能力本领方面", "对新业务知识钻研不够深，遇到新问题办法不多。具体表现：【待补充：具体表现】。",
				"（五）工作作风方面", "我下基层调研次数偏少，对群众急难愁盼掌握不准。具体表现为：今年只去过两个联系点。",
				"（七）谈心谈话中同志们指出的问题",
				"一是李四同志（2024年1月5日，面对面）指出：希望你多读原著原文。",
				"二是赵委员同志（2024年1月7日，面对面）指出：张三同志开会发言准备不充分。",
				"三、原因剖析", "（一）理想信念方面", "对理论学习的重要性认识不足。", "（二）党性修养方面", "钻研精神不足，满足于过得去。",
				"（三）宗旨意识方面", "宗旨意识有所淡化。",
				"四、整改措施", "一是建立基层联系点制度（完成时限：2024年3月31日）。",
				"二是每周读原文两次（完成时限：【待补充：完成时限】）。", "三是每月至少下基层调研两次（完成时限：【待补充：完成时限】）。",
				"张三\n2023年10月9日",
			},
			comments: map[string]string{
				"认真做好会前准备":    "来源：会议安排，主题教育专题组织生活会，2023-10-09",
				"重点学习了":       "来源：学习研讨，集中学习：《中国共产党章程》，2023-09-22；学习记录，个人自学：习近平新时代中国特色社会主义思想专题摘编，2023-09-21；学习记录，线上学习：中国共产党章程，2023-09-23",
				"开展谈心谈话2次":    "来源：谈心谈话，与李四，2024-01-05；谈心谈话，与赵委员，2024-01-07",
				"系统性不强":       "来源：查摆问题 #2，2023-09-20；查摆问题 #3，2023-09-20",
				"对群众急难愁盼掌握不准": "来源：查摆问题 #1，2023-09-20",
				"希望你多读原著原文":   "来源：谈心谈话，与李四，2024-01-05",
				"开会发言准备不充分":   "来源：谈心谈话，与赵委员，2024-01-07",
				"钻研精神不足":      "来源：查摆问题 #4，2023-09-20",
				"建立基层联系点制度":   "来源：整改台账 第1项",
				"每周读原文两次":     "来源：查摆问题 #2，2023-09-20；查摆问题 #3，2023-09-20",
				"【待补充：政治素质":   "",
				"现将个人对照检查情况":  "",
			},
			notWant: append(slices.Clone(others), "只读摘要不读原文。", "【待补充：理论学习方面的问题】", "【待补充：工作作风方面的问题】",
				"【待补充：整改措施", "【待补充：谈心谈话", "【待补充：原因剖析", "其余", "会前学习情况", "建议张三多到一线听取意见"),
		},
		{
			name: "nothing recorded", data: fullMaterialData(), member: 7, title: "孙六同志主题教育专题组织生活会个人对照检查材料", placeholders: true,
			heads: []string{"四、整改措施"},
			want: []string{"【待补充：会前学习情况】", "【待补充：谈心谈话情况】", "【待补充：上次查摆问题整改落实情况",
				"【待补充：理论学习方面的问题】", "【待补充：廉洁自律方面的问题】", "【待补充：谈心谈话中同志们指出的问题】",
				"【待补充：原因剖析", "【待补充：整改措施", "孙六\n2023年10月9日"},
			notWant: others,
		},
		{
			name: "a previous meeting", data: earlierMaterialData(), member: 4, title: "张三同志主题教育专题组织生活会个人对照检查材料",
			want: []string{
				"一、上次查摆问题整改落实情况",
				"在2022年度专题组织生活会上，本人查摆问题2条。本人负责的整改事项2项，已整改销号1项，正在整改1项。",
				"一是针对“理论学习碎片化，缺乏系统规划”的问题，制定年度个人学习计划，已于2023年3月28日整改销号。",
				"二是针对“联系群众不够紧密”的问题，每季度走访服务对象一次，正在推进整改（完成时限：2023年12月31日）。最近进展：已走访两次。",
				"三是上次查摆的“批评与自我批评辣味不足”问题，整改台账中没有本人负责的对应事项。【待补充：该问题的整改落实情况】",
				"二、存在的问题",
			},
			comments: map[string]string{
				"本人查摆问题2条":    "来源：上次查摆问题 #1，2022-12-10；上次查摆问题 #2，2022-12-10",
				"本人负责的整改事项2项": "来源：上次整改台账 第1项（已销号），2023-03-28；上次整改台账 第2项（推进中），2023-06-30",
				"制定年度个人学习计划":  "来源：上次整改台账 第1项（已销号），2023-03-28",
				"已走访两次":       "来源：上次整改台账 第2项进展，2023-06-30",
				"辣味不足":        "来源：上次查摆问题 #2，2022-12-10",
			},
			notWant: others,
		},
		{
			name: "no record of mine at the previous meeting", data: earlierMaterialData(), member: 6, title: "王五同志主题教育专题组织生活会个人对照检查材料",
			want: []string{"【待补充：上次查摆问题整改落实情况（2022年度专题组织生活会没有本人的查摆问题和整改事项记录）】"},
		},
		{
			// A point kept without its text (an older record, say) is not quoted as “”.
			name: "a previous point without its text", data: earlierPointWithoutText(), member: 4, title: "张三同志主题教育专题组织生活会个人对照检查材料",
			want:    []string{"三是上次查摆的问题【待补充：问题内容】，整改台账中没有本人负责的对应事项。【待补充：该问题的整改落实情况】"},
			notWant: []string{"“”"},
		},
		{name: "not a member", data: fullMaterialData(), member: 99, wantErr: true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			doc, err := Material(tc.data, tc.member)
			if tc.wantErr {
				if err == nil {
					t.Fatal("no error for a member not in the branch")
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if doc.Title != tc.title || len(doc.Blocks) == 0 || doc.Blocks[0].Kind != KindTitle || doc.Blocks[0].Text != tc.title {
				t.Fatalf("title %q, first block %+v", doc.Title, doc.Blocks[0])
			}
			var heads []string
			for _, b := range doc.Blocks {
				switch b.Kind {
				case KindHeading1, KindHeading2:
					heads = append(heads, b.Text)
				case KindBody:
					if b.Text != sentencesText(b.Sentences) {
						t.Errorf("block text %q is not its sentences %q", b.Text, sentencesText(b.Sentences))
					}
					for _, s := range b.Sentences {
						// Of a member without records only the meeting itself is stated.
						if tc.placeholders && s.Factual && slices.ContainsFunc(s.Sources, func(src Source) bool { return src.Kind != SourceMeeting }) {
							t.Errorf("invented content: %q", s.Text)
						}
					}
				}
			}
			if tc.heads != nil {
				if want := append(slices.Clone(headings), tc.heads...); !slices.Equal(heads, want) {
					t.Errorf("headings\n%q\nwant\n%q", heads, want)
				}
			}
			if last := doc.Blocks[len(doc.Blocks)-1]; last.Kind != KindSignature || doc.Blocks[len(doc.Blocks)-2].Kind != KindSignature {
				t.Errorf("the material does not end with name and date: %+v", last)
			}
			text := materialText(doc)
			at := 0
			for _, w := range tc.want {
				i := strings.Index(text[at:], w)
				if i < 0 {
					t.Fatalf("missing (or out of order) %q in\n%s", w, text)
				}
				at += i + len(w)
			}
			for _, w := range tc.notWant {
				if strings.Contains(text, w) {
					t.Errorf("unexpected %q in\n%s", w, text)
				}
			}
			for key, want := range tc.comments {
				if got := commentOf(doc, key); got != want {
					t.Errorf("the sentence with %q has comment\n%q, want\n%q", key, got, want)
				}
			}
			var buf bytes.Buffer
			if err := WriteDOCX(&buf, doc); err != nil || !bytes.HasPrefix(buf.Bytes(), []byte("PK")) {
				t.Fatalf("render: %v", err)
			}
		})
	}
}

// TestMaterialEverySentenceTraced: in each case every body sentence either carries a
// source or is a 【待补充】 mark or one of the few stock phrases that state no fact.
func TestMaterialEverySentenceTraced(t *testing.T) {
	stock := []string{"现将个人对照检查情况报告如下。"}
	for _, tc := range []struct {
		d      Data
		member int64
	}{{fullMaterialData(), 4}, {fullMaterialData(), 7}, {earlierMaterialData(), 4}, {earlierMaterialData(), 5}} {
		doc, err := Material(tc.d, tc.member)
		if err != nil {
			t.Fatal(err)
		}
		for _, b := range doc.Blocks {
			if b.Kind == KindBody && len(b.Sentences) == 0 {
				t.Errorf("body block %q has no sentences", b.Text)
			}
			for _, s := range b.Sentences {
				switch {
				case s.Factual && len(s.Sources) > 0:
				case !s.Factual && len(s.Sources) == 0 && (strings.HasPrefix(s.Text, "【待补充：") || slices.Contains(stock, s.Text)):
				default:
					t.Errorf("member %d: sentence %q (factual %v, %d sources)", tc.member, s.Text, s.Factual, len(s.Sources))
				}
			}
		}
	}
}

func TestCheckTrace(t *testing.T) {
	src := Source{Kind: SourcePoint, Ref: "#1", Date: day(2026, 12, 5)}
	tests := []struct {
		name    string
		blocks  []Block
		wantErr bool
	}{
		{"traced", []Block{{Kind: KindBody, Sentences: []Sentence{{Text: "事实。", Sources: []Source{src}, Factual: true}}}}, false},
		{"no sentences", []Block{{Kind: KindBody, Text: "旧式段落"}}, false},
		{"not a fact", []Block{{Kind: KindBody, Sentences: []Sentence{{Text: "【待补充：原因】"}}}}, false},
		{"a fact without a source", []Block{{Kind: KindBody, Sentences: []Sentence{
			{Text: "事实。", Sources: []Source{src}, Factual: true}, {Text: "无来源的事实。", Factual: true}}}}, true},
		{"a source of no kind", []Block{{Kind: KindBody, Sentences: []Sentence{{Text: "事实。", Sources: []Source{{Ref: "#1"}}, Factual: true}}}}, true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			err := CheckTrace(tc.blocks)
			if (err != nil) != tc.wantErr {
				t.Fatalf("CheckTrace = %v, want error %v", err, tc.wantErr)
			}
			if err != nil && (!errors.Is(err, ErrUntraced) || !strings.Contains(err.Error(), "事实")) {
				t.Errorf("error %v does not wrap ErrUntraced or name the sentence", err)
			}
		})
	}
}

func TestSourceString(t *testing.T) {
	for _, tc := range []struct {
		src  Source
		want string
	}{
		{Source{Kind: SourcePoint, Ref: "#12", Date: day(2026, 12, 5)}, "查摆问题 #12，2026-12-05"},
		{Source{Kind: SourceTalk, Ref: "与李委员", Date: day(2026, 12, 8)}, "谈心谈话，与李委员，2026-12-08"},
		{Source{Kind: SourceItem, Ref: "第3项"}, "整改台账 第3项"},
		{Source{Kind: SourceMeeting}, "会议安排"},
	} {
		if got := tc.src.String(); got != tc.want {
			t.Errorf("%+v: %q, want %q", tc.src, got, tc.want)
		}
	}
	s := Sentence{Text: "x", Sources: []Source{{Kind: SourcePoint, Ref: "#1"}, {Kind: SourcePoint, Ref: "#1"}, {Kind: SourceTalk, Ref: "与李四"}}}
	if got, want := s.Comment(), "来源：查摆问题 #1；谈心谈话，与李四"; got != want {
		t.Errorf("comment %q, want %q (a source named once)", got, want)
	}
}

// TestSentenceComments: the .docx puts each sourced sentence under a comment with its
// sources, and writes no comments part for a document without any.
func TestSentenceComments(t *testing.T) {
	doc := Document{Title: "测试", Blocks: []Block{
		{Kind: KindBody, Sentences: []Sentence{
			{Text: "第一句<&>。", Sources: []Source{{Kind: SourcePoint, Ref: "#1", Date: day(2026, 12, 5)}}, Factual: true},
			{Text: "第二句没有来源。"},
			{Text: "第三句。", Sources: []Source{{Kind: SourceTalk, Ref: "与李委员", Date: day(2026, 12, 8)}}, Factual: true},
		}},
		{Kind: KindSignature, Text: "张三"},
	}}
	pkg := openDOCX(t, renderDOCX(t, doc))
	got := pkg.comments(t)
	want := []docxComment{{"0", "第一句<&>。", "来源：查摆问题 #1，2026-12-05"}, {"1", "第三句。", "来源：谈心谈话，与李委员，2026-12-08"}}
	if !slices.Equal(got, want) {
		t.Errorf("comments %q, want %q", got, want)
	}
	if p := pkg.body.child("p", 1); p.text() != "第一句<&>。第二句没有来源。第三句。" {
		t.Errorf("paragraph %q", p.text())
	}
	if sig := pkg.body.child("p", 2); sig.child("pPr").child("jc").attr("val") != "right" || sig.text() != "张三" {
		t.Errorf("signature %q is not right-aligned", sig.text())
	}
	if strings.Contains(string(pkg.files["word/document.xml"]), markRune) {
		t.Error("a comment marker is left in the document")
	}

	plainDoc := Document{Blocks: []Block{{Kind: KindBody, Sentences: []Sentence{{Text: "无来源。"}}}}}
	pkg = openDOCX(t, renderDOCX(t, plainDoc))
	if pkg.files["word/comments.xml"] != nil || strings.Contains(string(pkg.files["[Content_Types].xml"]), "comments") {
		t.Error("a document without sources has a comments part")
	}
}

// TestMaterialGolden renders the material of a member with full records, of one with none,
// and of one whose branch held a meeting before, and compares text, styles and comments
// with testdata/material_*.docx.golden.txt; `go test ./report/ -update` rewrites them.
func TestMaterialGolden(t *testing.T) {
	for _, tc := range materialCases() {
		t.Run(tc.name, func(t *testing.T) {
			doc, err := Material(tc.data, tc.member)
			if err != nil {
				t.Fatal(err)
			}
			checkGolden(t, "material_"+tc.name+".docx.golden.txt", openDOCX(t, renderDOCX(t, doc)).summary(t))
		})
	}
}

// materialCases are the golden and print cases of the material.
func materialCases() []struct {
	name   string
	data   Data
	member int64
} {
	return []struct {
		name   string
		data   Data
		member int64
	}{
		{"full", fullMaterialData(), 4},
		{"none", fullMaterialData(), 7},
		{"earlier", earlierMaterialData(), 4},
	}
}

// TestBlockRewrite: rewording a block's sentences keeps each one's sources and Factual, and
// its Text follows; the trace check still holds after it.
func TestBlockRewrite(t *testing.T) {
	src := Source{Kind: SourceTalk, Ref: "与李委员", Date: day(2026, 12, 8)}
	b := Block{Kind: KindBody, Sentences: []Sentence{{Text: "甲。", Sources: []Source{src}, Factual: true}, {Text: "【待补充：乙】"}}}
	b.Text = sentencesText(b.Sentences)
	got := b.Rewrite(func(s Sentence) string {
		if s.Factual {
			return "润色后的甲。"
		}
		return s.Text
	})
	if got.Text != "润色后的甲。【待补充：乙】" || got.Sentences[0].Comment() != "来源：谈心谈话，与李委员，2026-12-08" ||
		!got.Sentences[0].Factual || got.Sentences[1].Factual {
		t.Errorf("rewritten %+v", got)
	}
	if b.Sentences[0].Text != "甲。" {
		t.Error("Rewrite changed the original block")
	}
	if err := CheckTrace([]Block{got}); err != nil {
		t.Error(err)
	}
	if plain := (Block{Kind: KindBody, Text: "x"}); plain.Rewrite(func(Sentence) string { return "y" }).Text != "x" {
		t.Error("a block without sentences was rewritten")
	}
}

// A point states its problem with its headline, then how it shows: the example given with it,
// or a mark to fill in.
func TestProblemWithShowing(t *testing.T) {
	for _, c := range []struct{ point, want string }{
		{"学习不够系统", "学习不够系统。具体表现：【待补充：具体表现】。"},
		{"学习不够系统。例如：本月只参加了一次集中学习", "学习不够系统。具体表现为：本月只参加了一次集中学习。"},
		{"学习不够系统。例如：", "学习不够系统。具体表现：【待补充：具体表现】。"},
		{"Study is patchy. For example: one session this month", "Study is patchy。具体表现为：one session this month。"},
	} {
		if got := problemWithShowing(c.point); got != c.want {
			t.Errorf("problemWithShowing(%q) = %q, want %q", c.point, got, c.want)
		}
	}
}
