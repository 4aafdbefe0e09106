package report

import (
	"bytes"
	"slices"
	"strings"
	"testing"

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
			withCause(point("mz1", 4, orglife.AreaWorkStyle, orglife.SourceSelf, "我下基层调研次数偏少，对群众急难愁盼掌握不准", "每月至少下基层调研两次"),
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

func TestMaterial(t *testing.T) {
	d := materialData()
	others := []string{"李四的问题", "李四的原因", "李四的措施", "李四负责的整改事项", "李四向王五提的意见",
		"王五向李四提的意见", "张三对李四说的话", "张三对王五说的话", "撤回的廉洁问题", "撤回的谈话意见"}
	headings := []string{"一、查摆出的主要问题", "（一）理论学习方面", "（二）政治素质方面", "（三）能力本领方面",
		"（四）担当作为方面", "（五）工作作风方面", "（六）廉洁自律方面", "二、问题产生的原因",
		"三、谈心谈话中同志们提出的意见", "四、整改措施"}
	tests := []struct {
		name         string
		member       int64
		wantErr      bool
		title        string
		want         []string // in this order
		notWant      []string
		placeholders bool // every body paragraph is a 【待补充】 mark
	}{
		{
			name: "points, causes, talks both ways, owned item", member: 4, title: "张三同志个人对照检查材料（提纲）",
			want: []string{
				"【待补充：学习情况和思想认识】",
				"（一）理论学习方面", "学习党的创新理论只读摘要不读原文，系统性不强。",
				"（二）政治素质方面", "【待补充：政治素质方面的问题】",
				"（三）能力本领方面", "对新业务知识钻研不够深，遇到新问题办法不多。",
				"（五）工作作风方面", "我下基层调研次数偏少，对群众急难愁盼掌握不准。",
				"（六）廉洁自律方面", "【待补充：廉洁自律方面的问题】",
				"二、问题产生的原因", "一是对理论学习的重要性认识不足。", "二是宗旨意识有所淡化。",
				"【待补充：其余1条问题（能力本领方面）的原因】",
				"三、谈心谈话中同志们提出的意见",
				"一是王五同志（2024年1月3日，电话）提出：建议张三多到一线听取意见。（本人认为该记录有出入：谈话时间记错了）",
				"二是李四同志（2024年1月5日，面对面）提出：希望你多读原著原文。",
				"四、整改措施", "一是建立基层联系点制度（完成时限：2024年3月31日）。", "二是每周读原文两次。", "三是每月至少下基层调研两次。",
			},
			notWant: append(slices.Clone(others), "只读摘要不读原文。", "【待补充：理论学习方面的问题】", "【待补充：工作作风方面的问题】",
				"【待补充：整改措施", "【待补充：谈心谈话"),
		},
		{
			name: "nothing recorded", member: 7, title: "孙六同志个人对照检查材料（提纲）", placeholders: true,
			want: []string{"【待补充：理论学习方面的问题】", "【待补充：廉洁自律方面的问题】", "【待补充：问题产生的原因",
				"【待补充：谈心谈话中同志们提出的意见】", "【待补充：整改措施"},
			notWant: others,
		},
		{name: "not a member", member: 99, wantErr: true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			doc, err := Material(d, tc.member)
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
			var lines []string
			for _, b := range doc.Blocks {
				lines = append(lines, b.Text)
				switch b.Kind {
				case KindHeading1, KindHeading2:
					heads = append(heads, b.Text)
				case KindBody:
					if tc.placeholders && !strings.HasPrefix(b.Text, "【待补充：") {
						t.Errorf("invented content: %q", b.Text)
					}
				}
			}
			if !slices.Equal(heads, headings) {
				t.Errorf("headings\n%q\nwant\n%q", heads, headings)
			}
			text := strings.Join(lines, "\n")
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
			var buf bytes.Buffer
			if err := WriteDOCX(&buf, doc); err != nil || !bytes.HasPrefix(buf.Bytes(), []byte("PK")) {
				t.Fatalf("render: %v", err)
			}
		})
	}
}
