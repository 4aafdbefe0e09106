package report

import (
	"strconv"
	"strings"
	"testing"
	"time"

	"orglife"
)

func TestNumbering(t *testing.T) {
	for n, want := range map[int]string{1: "一", 2: "二", 9: "九", 10: "十", 11: "十一", 12: "十二", 15: "十五",
		19: "十九", 20: "二十", 21: "二十一", 30: "三十", 99: "九十九", 0: "0", 100: "100"} {
		if got := ChineseNumeral(n); got != want {
			t.Errorf("ChineseNumeral(%d) = %q, want %q", n, got, want)
		}
	}
	want := strings.Split("一是 二是 三是 四是 五是 六是 七是 八是 九是 十是 十一是 十二是 十三是 十四是 十五是 十六是", " ")
	for i, w := range want {
		if got := Ordinal(i + 1); got != w {
			t.Errorf("Ordinal(%d) = %q, want %q", i+1, got, w)
		}
	}
	for _, c := range []struct {
		level, n int
		want     string
	}{{1, 1, "一、"}, {1, 3, "三、"}, {2, 1, "（一）"}, {2, 12, "（十二）"}, {3, 4, "4."}, {4, 2, "（2）"}} {
		if got := Number(c.level, c.n); got != c.want {
			t.Errorf("Number(%d, %d) = %q, want %q", c.level, c.n, got, c.want)
		}
	}
}

func TestMemberProblemList(t *testing.T) {
	doc := MemberProblemList(fullData())
	if doc.Title != "城东社区党支部主题教育专题组织生活会党员个人问题清单" || doc.Blocks[0].Kind != KindTitle {
		t.Fatalf("title %q / %+v", doc.Title, doc.Blocks[0])
	}
	var tables []*Table
	for _, b := range doc.Blocks {
		if b.Kind == KindTable {
			tables = append(tables, b.Table)
		}
	}
	if len(tables) != 1 {
		t.Fatalf("%d tables", len(tables))
	}
	tb := tables[0]
	if strings.Join(tb.Header, "|") != "序号|问题类别|查摆方式|问题表现|原因剖析|整改措施|查摆人" {
		t.Errorf("header %q", tb.Header)
	}
	if len(tb.Rows) != 11 {
		t.Fatalf("%d rows, want the 11 points not withdrawn", len(tb.Rows))
	}
	// The committee's six points first: the secretary's (理论学习 before 担当作为), then 李委员's, 赵委员's.
	wantWho := []string{"王书记（支部书记）", "王书记（支部书记）", "李委员（支委）", "李委员（支委）", "赵委员（支委）", "赵委员（支委）",
		"张三", "李四", "李四", "王五", "孙六"}
	for i, r := range tb.Rows {
		if len(r) != len(tb.Header) {
			t.Fatalf("row %d has %d cells", i, len(r))
		}
		if r[0] != strconv.Itoa(i+1) || r[6] != wantWho[i] {
			t.Errorf("row %d: %q, want number %d by %s", i, r, i+1, wantWho[i])
		}
	}
	if r := tb.Rows[0]; r[1] != "理论学习" || r[2] != "上级点" || !strings.HasPrefix(r[3], "学与做结合不够好") {
		t.Errorf("first row %q", r)
	}
	if r := tb.Rows[6]; r[5] != "坚持读原著、学原文、悟原理" {
		t.Errorf("the measure column: %q", r)
	}
	for _, r := range tb.Rows {
		if strings.Contains(r[3], "撤回") {
			t.Errorf("a withdrawn point is listed: %q", r)
		}
	}
	if !strings.Contains(allText(doc), "共11条，其中支部委员会成员查摆6条（列前），其他党员查摆5条。") {
		t.Errorf("summary: %s", allText(doc))
	}
	if empty := MemberProblemList(emptyData()); !strings.Contains(allText(empty), "【待补充：") {
		t.Errorf("an empty list does not say so: %s", allText(empty))
	}
}

// tableOf is a document's one table.
func tableOf(t *testing.T, doc Document) *Table {
	t.Helper()
	var tables []*Table
	for _, b := range doc.Blocks {
		if b.Kind == KindTable {
			tables = append(tables, b.Table)
		}
	}
	if len(tables) != 1 {
		t.Fatalf("%d tables in %s", len(tables), doc.Title)
	}
	return tables[0]
}

func TestBranchProblemList(t *testing.T) {
	header := "序号|问题概括|具体表现|所属方面|问题来源|整改措施|写入报告"
	cases := []struct {
		name    string
		edit    func(d *Data)
		rows    [][]string // the cells 0, 1, 3, 4, 5 and 6 of each row, "" unchecked (具体表现 is checked apart)
		summary string
	}{
		{
			name: "the seed's four, two with measures",
			edit: func(*Data) {},
			rows: [][]string{
				{"1", "理论学习的系统性不强", "理论学习", "党员查摆4条", "筑牢政治忠诚、更加旗帜鲜明讲政治。在学懂弄通做实习近平新时代中国特色社会主义思想上下功夫，坚持读原著、学原文、悟原理", "是"},
				{"2", "谋划和推进党支部工作的科学性、系统性有所欠缺", "工作作风", "党员查摆2条", "【待补充：整改措施】", "是"},
				{"3", "党支部的组织功能发挥不够到位", "担当作为", "党员查摆3条", "强化使命担当、更加踔厉奋发干事业。重实践、重实干、重担当、重实效，建立常态化工作机制和工作台账", "是"},
				{"4", "做思想政治工作缺乏针对性", "能力本领", "党员查摆2条", "【待补充：整改措施】", "是"},
			},
			summary: "共4条，均写入开展情况报告。",
		},
		{
			name: "one out of the report, one added directly without a headline, a withdrawn point",
			edit: func(d *Data) {
				d.BranchProblems[0].InReport = false // b3, third
				d.BranchProblems = append(d.BranchProblems, orglife.BranchProblem{ID: "b9", MeetingID: "m1", Order: 5,
					Detail: "支部党员大会有时以传达文件代替讨论", InReport: true})
				d.Points[0].Withdrawn = true // p1, of b1
			},
			rows: [][]string{
				{"1", "理论学习的系统性不强", "理论学习", "党员查摆3条"},
				{"2", "谋划和推进党支部工作的科学性、系统性有所欠缺", "工作作风", "党员查摆2条"},
				{"3", "党支部的组织功能发挥不够到位", "担当作为", "党员查摆3条", "", "否"},
				{"4", "做思想政治工作缺乏针对性", "能力本领", "党员查摆2条"},
				{"5", "【待补充：问题概括】", "—", "集体议", "【待补充：整改措施】", "是"},
			},
			summary: "共5条，其中由党员个人查摆问题归纳4条、集体议1条，其中4条写入开展情况报告。",
		},
		{
			name:    "none stated",
			edit:    func(d *Data) { d.BranchProblems = nil },
			summary: "【待补充：支部班子问题（支部委员会尚未归纳）】",
		},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			d := fullData()
			c.edit(&d)
			doc := BranchProblemList(d)
			if doc.Title != "城东社区党支部主题教育专题组织生活会支部委员会（班子）问题清单" || doc.Blocks[0].Kind != KindTitle || !doc.Landscape {
				t.Fatalf("title %q / %+v", doc.Title, doc.Blocks[0])
			}
			tb := tableOf(t, doc)
			if strings.Join(tb.Header, "|") != header {
				t.Errorf("header %q", tb.Header)
			}
			if len(tb.Rows) != len(c.rows) {
				t.Fatalf("%d rows, want %d: %q", len(tb.Rows), len(c.rows), tb.Rows)
			}
			for i, want := range c.rows {
				r := tb.Rows[i]
				if len(r) != len(tb.Header) {
					t.Fatalf("row %d has %d cells", i+1, len(r))
				}
				got := []string{r[0], r[1], r[3], r[4], r[5], r[6]}
				for j, w := range want {
					if w != "" && got[j] != w {
						t.Errorf("row %d cell %d: %q, want %q", i+1, j, got[j], w)
					}
				}
				if !strings.HasSuffix(r[2], "。") {
					t.Errorf("row %d: 具体表现 %q does not end a sentence", i+1, r[2])
				}
			}
			if s := allText(doc); !strings.Contains(s, c.summary) {
				t.Errorf("summary: %s, want %s", s, c.summary)
			}
			if strings.Contains(allText(doc), "合并前的问题") {
				t.Error("a removed problem is listed")
			}
		})
	}
}

func TestLedger(t *testing.T) {
	at := func(d int) time.Time { return time.Date(2023, 10, d, 9, 0, 0, 0, time.UTC) }
	d := fullData()
	d.Items = []orglife.RectItem{
		{ID: "c", Number: 3, Problem: "学用结合不够", Measure: "每月开展一次专题研讨", Owner: 3, Deadline: day(2023, 10, 20), Status: orglife.RectNotStarted,
			Quiet: true}, // 不再提醒, chosen when the next meeting was set up
		{ID: "a", Number: 1, PointID: "p1", Measure: "制定学习计划", Owner: 4, Deadline: day(2023, 10, 1), Status: orglife.RectInProgress,
			Progress: []orglife.RectReport{
				{At: at(2), By: 4, Status: orglife.RectInProgress, Note: "已制定计划", Kind: "report"},
				{At: at(5), By: 4, Status: orglife.RectInProgress, Note: "完成第一次学习", Evidence: "file-1", Kind: "report"},
			}},
		{ID: "b", Number: 2, Problem: "调研不够", Measure: "走访群众", Owner: 5, Deadline: day(2023, 10, 1), Status: orglife.RectClosed,
			ClosedOn: day(2023, 10, 3),
			Progress: []orglife.RectReport{
				{At: at(2), By: 5, Status: orglife.RectReported, Note: "已走访十户", Kind: "report"},
				{At: at(3), By: 1, Status: orglife.RectClosed, Kind: "confirm"},
			}},
		{ID: "d", Number: 4, Measure: "待定", Status: orglife.RectNotStarted},
	}
	doc := Ledger(d, day(2023, 10, 9))
	if doc.Title != "城东社区党支部主题教育专题组织生活会整改台账" {
		t.Errorf("title %q", doc.Title)
	}
	var tb *Table
	for _, b := range doc.Blocks {
		if b.Kind == KindTable {
			tb = b.Table
		}
	}
	if tb == nil || strings.Join(tb.Header, "|") != "序号|问题|整改措施|责任人|完成时限|状态|最新进展|完成日期|回头看情况" {
		t.Fatalf("table %+v", tb)
	}
	want := [][]string{
		{"1", "我对深刻领悟“两个确立”的决定意义、坚决做到“两个维护”等党的创新理论的学习不够系统，计划性不足。", "制定学习计划", "张三", "2023年10月1日",
			"推进中【逾期8天】", "2023年10月5日 推进中：完成第一次学习（附佐证材料）", "",
			"2023年10月2日 推进中：已制定计划；2023年10月5日 推进中：完成第一次学习（附佐证材料）"},
		{"2", "调研不够", "走访群众", "李四", "2023年10月1日", "已销号", "2023年10月2日 已完成（待销号）：已走访十户", "2023年10月3日",
			"2023年10月2日 已完成（待销号）：已走访十户；2023年10月3日 对单销号"},
		{"3", "学用结合不够", "每月开展一次专题研讨", "赵委员", "2023年10月20日", "未开始（不再提醒）", "暂无", "", ""},
		{"4", "【待补充：问题】", "待定", "【待补充：责任人】", "【待补充：完成时限】", "未开始", "暂无", "", ""},
	}
	if len(tb.Rows) != len(want) {
		t.Fatalf("%d rows", len(tb.Rows))
	}
	for i := range want {
		if strings.Join(tb.Rows[i], "|") != strings.Join(want[i], "|") {
			t.Errorf("row %d:\n got %q\nwant %q", i+1, tb.Rows[i], want[i])
		}
	}
	if s := allText(doc); !strings.Contains(s, "截至2023年10月9日，共4项整改事项，已销号1项，未销号3项，其中逾期1项（已标注【逾期】）。") {
		t.Errorf("summary: %s", s)
	}
	// On the deadline day an item is not yet overdue.
	onDay := Ledger(d, day(2023, 10, 1))
	for _, b := range onDay.Blocks {
		if strings.Contains(b.Text, "逾期") || b.Table != nil && strings.Contains(b.Table.Rows[0][5], "逾期") {
			t.Errorf("overdue on its deadline: %q %v", b.Text, b.Table)
		}
	}
	if s := allText(Ledger(emptyData(), day(2023, 10, 9))); !strings.Contains(s, "【待补充：") {
		t.Errorf("an empty ledger does not say so: %s", s)
	}
}

// TestLeftMembersShowAsSomeone: a member anonymised by /forgetme (id 0) or gone from the
// branch is 某同志 wherever the documents name people, never an id or a blank; an item whose
// owner is gone waits for one.
func TestLeftMembersShowAsSomeone(t *testing.T) {
	d := fullData()
	d.Points = []orglife.Point{
		point("a", 0, orglife.AreaTheory, orglife.SourceSelf, "理论学习不够系统，计划性不足。", ""),
		point("b", 99, orglife.AreaTheory, orglife.SourceSelf, "学用结合不够紧密，存在学用脱节。", ""),
		point("c", 4, orglife.AreaTheory, orglife.SourceSelf, "对新理论的学习浮于表面。", ""),
	}
	at := time.Date(2023, 10, 2, 9, 0, 0, 0, time.UTC)
	d.Items = []orglife.RectItem{
		{ID: "a", Number: 1, Problem: "学习不系统", Measure: "制定学习计划", Owner: 0, Deadline: day(2023, 11, 1), Status: orglife.RectInProgress,
			Progress: []orglife.RectReport{{At: at, By: 1, Kind: orglife.RectKindReassign, To: 0}}},
		{ID: "b", Number: 2, Problem: "调研不够", Measure: "走访群众", Owner: 99, Deadline: day(2023, 11, 1), Status: orglife.RectNotStarted},
	}
	rows := tableOf(t, MemberProblemList(d)).Rows
	who := map[string]string{}
	for _, r := range rows {
		who[r[3]] = r[6]
	}
	for problem, want := range map[string]string{"理论学习不够系统，计划性不足。": "某同志", "学用结合不够紧密，存在学用脱节。": "某同志", "对新理论的学习浮于表面。": "张三"} {
		if who[problem] != want {
			t.Errorf("the problem list names the author of %q %q, want %q", problem, who[problem], want)
		}
	}
	ledger := tableOf(t, Ledger(d, day(2023, 10, 9))).Rows
	if ledger[0][3] != "【待补充：责任人】" || !strings.Contains(ledger[0][8], "更换责任人：某同志") {
		t.Errorf("the ledger's row of an item reassigned to someone who left: %q", ledger[0])
	}
	if ledger[1][3] != "【待补充：责任人】" {
		t.Errorf("the ledger's owner who left the branch: %q", ledger[1][3])
	}
	for _, s := range []string{allText(MemberProblemList(d)), allText(Ledger(d, day(2023, 10, 9)))} {
		if strings.Contains(s, "#") || strings.Contains(s, "已不在支部") {
			t.Errorf("a document names someone by id: %s", s)
		}
	}
}
