package report

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode/utf16"

	"orglife"
	"orglife/configs"
)

func day(y int, m time.Month, d int) orglife.Date { return orglife.Date{Year: y, Month: m, Day: d} }

var testMembers = []orglife.Member{
	{UserID: 1, Name: "王书记", Role: orglife.RoleSecretary},
	{UserID: 2, Name: "李委员", Role: orglife.RoleCommittee},
	{UserID: 3, Name: "赵委员", Role: orglife.RoleCommittee},
	{UserID: 4, Name: "张三", Role: orglife.RoleMember},
	{UserID: 5, Name: "李四", Role: orglife.RoleMember},
	{UserID: 6, Name: "王五", Role: orglife.RoleMember},
	{UserID: 7, Name: "孙六", Role: orglife.RoleMember},
}

func point(id string, member int64, area orglife.Area, src orglife.Source, problem, measure string) orglife.Point {
	return orglife.Point{ID: id, MeetingID: "m1", MemberID: member, Area: area, Source: src, Problem: problem, Measure: measure,
		CreatedAt: time.Date(2023, 9, 20, 10, 0, 0, 0, time.UTC)}
}

// seedPoints are the seed's four problems, each split into member points in its area, with
// a near-duplicate by containment (p4) and one by wording (p6b), and a withdrawn point.
func seedPoints() []orglife.Point {
	return []orglife.Point{
		// 一、理论学习的系统性不强 (理论学习: 3 points and a near-duplicate of p1)
		point("p1", 4, orglife.AreaTheory, orglife.SourceSelf, "我对深刻领悟“两个确立”的决定意义、坚决做到“两个维护”等党的创新理论的学习不够系统，计划性不足。", "坚持读原著、学原文、悟原理"),
		point("p2", 5, orglife.AreaTheory, orglife.SourceMutual, "理论知识的专项学习和系统学习融会贯通不够好，学习有时存在专项“一阵风”问题，学习的持续性不足，使学习成效不够明显。", ""),
		point("p3", 1, orglife.AreaTheory, orglife.SourceSuperiors, "学与做结合不够好，有时存在学理论时从理论到理论，一说到结合实践，又是从实践到实践的问题，没有真正做到学懂弄通做实。", ""),
		point("p4", 6, orglife.AreaTheory, orglife.SourceSelf, "对深刻领悟“两个确立”的决定意义、坚决做到“两个维护”等党的创新理论的学习不够系统", ""),
		// 三、党支部的组织功能发挥不够到位 (担当作为: 2 points and a near-duplicate of p6)
		point("p5", 1, orglife.AreaResponsibility, orglife.SourceCollective, "在推进以党建引领基层治理过程中，对党支部的组织功能、组织优势、组织力量认识和把握得还不够全面具体。", ""),
		point("p6", 2, orglife.AreaResponsibility, orglife.SourceMasses, "在一些工作的推进过程中，并没有最大限度把群众组织起来，在动员各方面力量参与基层治理方面，未能完全达到最广泛、最有效的要求，协调联动、齐抓共管的生动局面尚未全面形成。", ""),
		point("p6b", 7, orglife.AreaResponsibility, orglife.SourceMutual, "在一些工作推进过程中，没有最大限度把群众组织起来，在动员各方面力量参与基层治理方面，未能达到最广泛、最有效的要求，协调联动、齐抓共管的局面尚未形成。", ""),
		// 四、做思想政治工作缺乏针对性 (能力本领: 2 points, one naming a member)
		point("p8", 3, orglife.AreaCapability, orglife.SourceSelf, "开展思想政治教育针对性不强，问题导向意识不强，与党员队伍实际、生产经营实际联系和结合得不够紧密。", ""),
		point("p9", 5, orglife.AreaCapability, orglife.SourceMutual, "对干部职工的生产生活关注度不够，与张三同志谈心交流不够及时，思想教育和政治引导不够及时到位。", ""),
		// 二、谋划和推进党支部工作的科学性、系统性有所欠缺 (工作作风: 2 points)
		point("p10", 2, orglife.AreaWorkStyle, orglife.SourceSuperiors, "党支部开展的工作和活动，贴近党和国家的大政方针不够紧密，对上级机关党建工作的新精神、新部署、新要求了解掌握得不够及时和全面。", ""),
		point("p11", 3, orglife.AreaWorkStyle, orglife.SourceCollective, "召开支部委员会、党员干部座谈会的质量不够高，基层调研针对性不够强，不能精准掌握当前形势任务、基层实际和群众需求。", ""),
		// withdrawn: never appears
		func() orglife.Point {
			p := point("p12", 7, orglife.AreaIntegrity, orglife.SourceSelf, "撤回的问题：廉洁自律方面的示例文字。", "")
			p.Withdrawn = true
			return p
		}(),
	}
}

// seedBranchProblems are the seed's four problems as the committee states them over the
// points of seedPoints, in the seed's order.
func seedBranchProblems() []orglife.BranchProblem {
	at := time.Date(2023, 10, 1, 9, 0, 0, 0, time.UTC)
	bp := func(id string, order int, area orglife.Area, headline, detail string, points ...string) orglife.BranchProblem {
		return orglife.BranchProblem{ID: id, MeetingID: "m1", Order: order, Area: area, Headline: headline, Detail: detail,
			PointIDs: points, InReport: true, CreatedBy: 1, CreatedAt: at, UpdatedAt: at}
	}
	return []orglife.BranchProblem{
		bp("b3", 3, orglife.AreaResponsibility, "党支部的组织功能发挥不够到位",
			"在推进以党建引领基层治理过程中，对党支部的组织功能、组织优势、组织力量认识和把握得还不够全面具体。在一些工作的推进过程中，"+
				"并没有最大限度把群众组织起来，在动员各方面力量参与基层治理方面，也未能完全达到最广泛、最有效的要求，协调联动、齐抓共管的生动局面尚未全面形成。",
			"p5", "p6", "p6b"),
		bp("b1", 1, orglife.AreaTheory, "理论学习的系统性不强",
			"对深刻领悟“两个确立”的决定意义、坚决做到“两个维护”等党的创新理论的学习不够系统，计划性不足，理论知识的专项学习和系统学习融会贯通不够好，"+
				"学习有时存在专项“一阵风”问题，学习的持续性不足，使学习成效不够明显。学与做结合不够好，有时存在学理论时从理论到理论，一说到结合实践，"+
				"又是从实践到实践的问题，没有真正做到学懂弄通做实。",
			"p1", "p2", "p3", "p4"),
		bp("b2", 2, orglife.AreaWorkStyle, "谋划和推进党支部工作的科学性、系统性有所欠缺",
			"党支部开展的工作和活动，贴近党和国家的大政方针不够紧密，对上级机关党建工作的新精神、新部署、新要求了解掌握得不够及时和全面。"+
				"召开支部委员会、党员干部座谈会的质量不够高，基层调研针对性不够强，不能精准掌握当前形势任务、基层实际和群众需求。",
			"p10", "p11"),
		bp("b4", 4, orglife.AreaCapability, "做思想政治工作缺乏针对性",
			"开展思想政治教育针对性不强，问题导向意识不强，与党员队伍实际、生产经营实际联系和结合得不够紧密。在日常工作中，对干部职工的生产生活关注度不够，"+
				"思想教育和政治引导不够及时到位。",
			"p8", "p9"),
	}
}

func seedMeeting() orglife.Meeting {
	return orglife.Meeting{ID: "m1", BranchID: "b1", Title: "主题教育专题组织生活会", Date: day(2023, 10, 9),
		PlanAdopted: day(2023, 9, 20),
		Steps: []orglife.Step{
			{Kind: orglife.StepPlan, Deadline: day(2023, 9, 20), Responsible: orglife.BySecretary},
			{Kind: orglife.StepStudy, Deadline: day(2023, 9, 30), Responsible: orglife.ByEveryone},
			{Kind: orglife.StepTalks, Deadline: day(2023, 10, 5), Responsible: orglife.ByEveryone},
		}}
}

// fullMeeting is the seed's meeting with the names its report quotes.
func fullMeeting() orglife.Meeting {
	m := seedMeeting()
	m.Notice = "《XX局基层党组织在学习贯彻习近平新时代中国特色社会主义主题教育中开好专题组织生活会的通知》"
	m.Theme = "学习贯彻习近平新时代中国特色社会主义思想"
	m.Requirement = "学思想、强党性、重实践、建新功"
	m.Form = orglife.FormGeneral
	m.PlanTitle = "关于召开习近平新时代中国特色社会主义主题教育专题组织生活会实施方案"
	return m
}

// talk is a talk record, confirmed by the other member when it was with one.
func talk(by, with int64, d orglife.Date, form orglife.TalkForm) orglife.Talk {
	t := orglife.Talk{RecordedBy: by, With: with, Date: d, Form: form, Status: orglife.ConfirmAgreed}
	if with == 0 {
		t.WithName = "群众"
	}
	return t
}

// carriedItems are the previous meeting's items: one closed, one reported done, one going
// on whose only text is a problem a member wrote in the first person, naming a member.
var carriedItems = []orglife.RectItem{
	{ID: "p1", Number: 1, Status: orglife.RectClosed, Measure: "建立支部学习制度"},
	{ID: "p2", Number: 2, Status: orglife.RectReported, Measure: "每月开展一次主题党日活动。", Deadline: day(2023, 6, 30)},
	{ID: "p3", Number: 3, Status: orglife.RectInProgress, Problem: "本人下基层调研不够，与李四同志沟通少。"},
}

func fullData() Data {
	studies := []orglife.Study{}
	for i, s := range []struct {
		member  int64
		form    orglife.StudyForm
		topic   string
		channel string
	}{
		{4, orglife.StudySelf, "党的二十大精神", ""}, {5, orglife.StudySelf, "党的二十大精神", ""}, {6, orglife.StudySelf, "严肃党内政治生活", ""},
		{7, orglife.StudyOnline, "党的二十大精神", "学习强国APP"},
		{3, orglife.StudyOnline, "中国干部网络学院课程", ""}, // a platform typed as the topic
	} {
		st := orglife.Study{ID: fmt.Sprint("s", i), MemberID: s.member, Form: s.form, Topic: s.topic, Channel: s.channel, Hours: 2, Date: day(2023, 9, 25)}
		if i < 2 {
			st.Notes = "笔记"
		}
		studies = append(studies, st)
	}
	sessions := []orglife.StudySession{
		{ID: "g1", Kind: orglife.SessionCollective, Date: day(2023, 9, 22), Topic: "习近平总书记关于党的建设的重要思想", Hours: 2,
			Attendance: []int64{1, 2, 3, 4, 5, 6}, RecordedBy: 1},
		{ID: "g2", Kind: orglife.SessionSeminar, Date: day(2023, 9, 28), Topic: "严肃党内政治生活", Hours: 3,
			Attendance: []int64{1, 2, 3, 4, 5, 6}, Speakers: []int64{1, 2, 3, 4}, RecordedBy: 2},
	}
	d925 := day(2023, 9, 25)
	talks := []orglife.Talk{
		talk(1, 2, d925, orglife.TalkFaceToFace), talk(2, 1, d925, orglife.TalkFaceToFace), // one talk, recorded by both
		talk(1, 3, d925, orglife.TalkFaceToFace), talk(2, 3, d925, orglife.TalkFaceToFace),
		talk(1, 4, d925, orglife.TalkFaceToFace), talk(1, 5, d925, orglife.TalkFaceToFace),
		talk(1, 6, d925, orglife.TalkFaceToFace), talk(7, 1, d925, orglife.TalkFaceToFace),
		talk(4, 5, d925, orglife.TalkPhone), talk(6, 7, d925, orglife.TalkOnline),
		{RecordedBy: 4, WithName: "退休党员老陈", Date: d925, Form: orglife.TalkFaceToFace},
	}
	return Data{
		BranchName: "城东社区党支部",
		Meeting:    fullMeeting(),
		Members:    testMembers,
		Points:     seedPoints(),
		// The committee's statement of the branch's problems, with a removed one left behind
		// by a merge.
		BranchProblems: append(seedBranchProblems(), orglife.BranchProblem{ID: "b5", MeetingID: "m1", Order: 5,
			Headline: "合并前的问题", Detail: "已并入其他问题。", InReport: true, Removed: true}),
		Talks:    talks,
		Studies:  studies,
		Sessions: sessions,
		// 征求意见: twelve opinions from seven people.
		Opinions: &orglife.OpinionTally{Opinions: 12, People: 7, Closed: true},
		Minutes: &orglife.Minutes{Date: day(2023, 10, 9), Attending: []int64{1, 2, 3, 4, 5, 6}, Absent: []int64{7},
			LeaderName:     "区委组织部王某某",
			LeaderComments: "对支部党建工作给予肯定，表示党员整体风貌好、党员意识强、工作作风优，指出组织生活会程序上存在的不足，提出要推进党建与业务的深度融合",
			Agenda: [4]string{"书记从六个方面进行了对照检查。",
				"张明华带头开展自我批评，随后支部成员逐一开展批评和自我批评，共提出批评意见18条。"}},
		Items: []orglife.RectItem{
			{ID: "r2", Number: 2, BranchProblemID: "b3", Measure: "强化使命担当、更加踔厉奋发干事业。重实践、重实干、重担当、重实效，建立常态化工作机制和工作台账。", Owner: 2, Deadline: day(2023, 11, 30), Status: orglife.RectInProgress},
			{ID: "r1", Number: 1, BranchProblemID: "b1", Measure: "筑牢政治忠诚、更加旗帜鲜明讲政治。在学懂弄通做实习近平新时代中国特色社会主义思想上下功夫，坚持读原著、学原文、悟原理。", Owner: 1, Deadline: day(2023, 12, 31), Status: orglife.RectNotStarted},
			{ID: "r3", Number: 3, Measure: "深化自我革命、全面从严从实抓整改。严格履行全面从严治党主体责任和监督责任，坚持“党政同责”和“一岗双责”。", Owner: 3, Deadline: day(2024, 1, 15), Status: orglife.RectNotStarted},
		},
		Coverage: orglife.CoverageRules{CommitteePairs: true, SecretaryWithAll: true},
		Loc:      time.UTC,
		Carried: &orglife.Carried{Meeting: orglife.Meeting{ID: "m0", Title: "2022年度组织生活会"}, Closed: 1, BranchProblems: 3,
			Items: carriedItems, Open: carriedItems[1:]},
	}
}

// partialData has the meeting planned, some study and points with their own measures, no
// talks, no minutes and no rectification items.
func partialData() Data {
	m := seedMeeting()
	m.PlanAdopted = orglife.Date{}
	m.Form = orglife.FormCommittee
	return Data{
		BranchName: "城东社区",
		Meeting:    m,
		Members:    testMembers,
		Points: []orglife.Point{
			point("a", 4, orglife.AreaTheory, orglife.SourceSelf, "本人理论学习不够系统，计划性不足，学用结合不够紧密。", "制定个人学习计划，每周自学不少于两小时"),
			point("b", 1, orglife.AreaWorkStyle, orglife.SourceSelf, "深入基层调研不够，掌握群众需求不够及时准确。", "每月走访群众不少于四户"),
			point("c", 5, orglife.AreaTheory, orglife.SourceMutual, "对党的创新理论学习的持续性不足，存在“一阵风”现象。", "参加支部集中学习"),
		},
		Studies: []orglife.Study{
			{MemberID: 4, Form: orglife.StudySelf, Topic: "党的二十大精神"},
			{MemberID: 5, Form: orglife.StudyOnline, Topic: "党章"},
			// Collective study as members once recorded it, each for themselves: one session.
			{ID: "s3", MemberID: 4, Form: orglife.StudyCollective, Date: day(2023, 9, 26), Topic: "《党章》", Hours: 2},
			{ID: "s4", MemberID: 5, Form: orglife.StudyCollective, Date: day(2023, 9, 26), Topic: "党章", Hours: 2},
		},
		Coverage: orglife.CoverageRules{CommitteePairs: true, SecretaryWithAll: true},
		// The previous meeting stated branch problems but recorded no items.
		Carried: &orglife.Carried{Meeting: orglife.Meeting{ID: "m0"}, BranchProblems: 2},
	}
}

func emptyData() Data {
	return Data{BranchName: "城东社区党支部", Meeting: orglife.Meeting{ID: "m1", Title: "主题教育专题组织生活会"}, Members: testMembers}
}

func defaultTemplate(t testing.TB) *Template {
	t.Helper()
	tp, err := ParseTemplate(configs.ReportTemplate())
	if err != nil {
		t.Fatalf("the default template: %v", err)
	}
	return tp
}

var wantHeadings = []string{
	"一、会前准备充分，思想认识到位",
	"（一）严把程序关，会议方案符合要求",
	"（二）严把学习研讨关，思想认识深刻到位",
	"（三）严把谈心谈话关，会前沟通充分广泛",
	"（四）严把查摆剖析关，查摆问题认真深入",
	"二、高质量开好组织生活会，全面点评总结",
	"（一）组织生活会开展情况",
	"（二）主要存在问题",
	"三、坚持立行立改，推动整改落实",
}

func headings(doc Document) []string {
	var out []string
	for _, b := range doc.Blocks {
		if b.Kind == KindHeading1 || b.Kind == KindHeading2 {
			out = append(out, b.Text)
		}
	}
	return out
}

// section is the body text between the heading named from and the next heading.
func section(doc Document, from string) []string {
	var out []string
	in := false
	for _, b := range doc.Blocks {
		switch {
		case b.Kind == KindHeading1 || b.Kind == KindHeading2:
			in = b.Text == from
		case in:
			out = append(out, b.Text)
		}
	}
	return out
}

func allText(doc Document) string {
	var b strings.Builder
	for _, bl := range doc.Blocks {
		b.WriteString(bl.Text)
		b.WriteString("\n")
	}
	return b.String()
}

func TestCompile(t *testing.T) {
	tp := defaultTemplate(t)
	cases := []struct {
		name        string
		data        Data
		title       string
		want        []string // in the whole text
		wantNot     []string
		problems    []string // the 主要存在问题 paragraphs start so, in order
		measures    []string // the 整改落实 paragraphs after the first start so
		noDigits    bool
		noPlaceheld bool
	}{
		{
			name:  "empty",
			data:  emptyData(),
			title: "城东社区党支部主题教育专题组织生活会开展情况报告",
			want: []string{"【待补充：会议日期】", "【待补充：支委会研究通过实施方案的日期】", "【待补充：学习研讨开展情况",
				"【待补充：谈心谈话开展情况", "【待补充：查摆问题情况", "【待补充：会议召开日期和参会人数（应到/实到）】",
				"【待补充：到会指导领导姓名】", "【待补充：到会领导点评】", "【待补充：主要存在问题", "【待补充：整改措施"},
			wantNot:  []string{"一是", "会议主要有四项议程", "取得了初步成效", "名党员参会", "会前，支部", "全覆盖"},
			noDigits: true,
		},
		{
			name:  "partial",
			data:  partialData(),
			title: "城东社区党支部主题教育专题组织生活会开展情况报告",
			want: []string{"根据【待补充：上级通知名称】，城东社区党支部紧紧围绕【待补充：会议主题】主题，聚焦【待补充：总要求】总要求，定于2023年10月9日以支部委员会形式召开主题教育专题组织生活会。",
				"会前，支部深入开展理论学习，深刻查摆问题，", "【待补充：支委会研究通过实施方案的日期】",
				"学习研讨于2023年9月30日前完成（责任人：全体党员）", "谈心谈话于2023年10月5日前完成",
				"采取集中学习、个人自学、线上学习的形式开展学习研讨，支部开展集中学习1次（参加2人次），共计2小时，党员个人自学1人次、线上学习1人次。",
				"学习内容包括《党章》、党的二十大精神。",
				"【待补充：谈心谈话开展情况", "3名党员共查摆个人问题3条", "理论学习2条、工作作风1条", "自己找2条、互相帮1条",
				"党员个人查摆的问题形成了问题清单；支部委员会（班子）查摆问题【待补充：支部班子问题】。", "【待补充：会议召开日期和参会人数", "【待补充：到会领导点评】",
				"汇总党员提出的整改措施如下"},
			wantNot:  []string{"取得了初步成效", "会议主要有四项议程", "本人", "累计", "分别形成了问题清单", "学习笔记", "线上学习平台", "研讨发言"},
			problems: []string{"一是【待补充：问题概括】。理论学习不够系统", "二是【待补充：问题概括】。深入基层调研不够"},
			measures: []string{
				"一是针对理论学习方面的问题，制定个人学习计划，每周自学不少于两小时。参加支部集中学习（责任人：【待补充：责任人】；完成时限：【待补充：完成时限】）。",
				"二是针对工作作风方面的问题，每月走访群众不少于四户（责任人：【待补充：责任人】；完成时限：【待补充：完成时限】）。",
			},
		},
		{
			name:  "full",
			data:  fullData(),
			title: "城东社区党支部主题教育专题组织生活会开展情况报告",
			want: []string{"根据《XX局基层党组织在学习贯彻习近平新时代中国特色社会主义主题教育中开好专题组织生活会的通知》，2023年10月9日，" +
				"城东社区党支部紧紧围绕学习贯彻习近平新时代中国特色社会主义思想主题，聚焦学思想、强党性、重实践、建新功总要求，以党员大会形式召开了主题教育专题组织生活会。",
				"制定了《关于召开习近平新时代中国特色社会主义主题教育专题组织生活会实施方案》，并就",
				"2023年10月9日，以全体党员大会为载体，认真召开",
				"会前，支部深入开展理论学习，组织谈心谈话，深刻查摆问题，",
				"2023年9月20日，支部召开专题支委会", "其中学习研讨于2023年9月30日前完成、谈心谈话于2023年10月5日前完成",
				"坚持把学习教育贯穿始终，采取集中学习、专题研讨、个人自学、线上学习的形式开展学习研讨，" +
					"支部开展集中学习1次（参加6人次）、专题研讨1次（参加6人次，交流研讨发言4人次），共计5小时，党员个人自学3人次、线上学习2人次。" +
					"学习内容包括党的二十大精神、严肃党内政治生活、习近平总书记关于党的建设的重要思想；线上学习平台有学习强国、中国干部网络学院。" +
					"党员形成学习笔记2篇。通过学习研讨，进一步提升了从严从实开好组织生活会的思想自觉、行动自觉。",
				"共谈心谈话10次，其中支委之间3次、支委与党员之间4次、党员之间2次、与支部外人员1次；从形式看，面对面8次、电话1次、线上1次。",
				"对照谈心谈话全覆盖要求，规定的谈话均已完成。",
				"7名党员共查摆个人问题11条", "理论学习4条、能力本领2条、担当作为3条、工作作风2条",
				"支部委员会（班子）查摆问题4条、党员个人查摆问题11条，分别形成了问题清单。", "6名党员参会（应到7名，实到6名，缺席1名）",
				"1.书记从六个方面进行了对照检查；",
				"2.张明华带头开展自我批评，随后支部成员逐一开展批评和自我批评，共提出批评意见18条；",
				"3.到会指导的领导讲话；",
				"会上，到会领导区委组织部王某某参加并指导组织生活会",
				"区委组织部王某某同志对支部党建工作给予肯定，表示党员整体风貌好", "推进党建与业务的深度融合。",
				"共同提高、振奋精神的目的，对于加强党支部建设起到了有力的推动和促进作用。",
				"支部制定整改措施3项"},
			wantNot: []string{"撤回的问题", "2023-", "我对", "指出：", "依次类推", "本次组织生活会实施方案", "通知要求", "合并前的问题"},
			problems: []string{"一是理论学习的系统性不强。对深刻领悟“两个确立”的决定意义", "二是谋划和推进党支部工作的科学性、系统性有所欠缺。党支部开展的工作",
				"三是党支部的组织功能发挥不够到位。在推进以党建引领基层治理过程中", "四是做思想政治工作缺乏针对性。开展思想政治教育针对性不强"},
			measures:    []string{"一是筑牢政治忠诚、更加旗帜鲜明讲政治。", "二是强化使命担当", "三是深化自我革命"},
			noPlaceheld: true,
		},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			doc, err := Compile(c.data, tp)
			if err != nil {
				t.Fatal(err)
			}
			if doc.Title != c.title || doc.Blocks[0].Kind != KindTitle || doc.Blocks[0].Text != c.title {
				t.Fatalf("title %q, first block %+v", doc.Title, doc.Blocks[0])
			}
			if doc.Blocks[1].Kind != KindBody || !strings.HasSuffix(doc.Blocks[1].Text, "现将开展情况报告如下。") {
				t.Fatalf("no opening paragraph: %+v", doc.Blocks[1])
			}
			if got := headings(doc); strings.Join(got, "|") != strings.Join(wantHeadings, "|") {
				t.Fatalf("headings:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(wantHeadings, "\n"))
			}
			for _, h := range wantHeadings {
				if len(section(doc, h)) == 0 && h != wantHeadings[0] && h != wantHeadings[5] {
					t.Errorf("section %s is empty", h)
				}
			}
			text := allText(doc)
			for _, w := range c.want {
				if !strings.Contains(text, w) {
					t.Errorf("missing %q in:\n%s", w, text)
				}
			}
			for _, w := range c.wantNot {
				if strings.Contains(text, w) {
					t.Errorf("unexpected %q in:\n%s", w, text)
				}
			}
			if c.noDigits && regexp.MustCompile(`[0-9０-９]`).MatchString(text) {
				t.Errorf("a number in a report of an empty meeting:\n%s", text)
			}
			if c.noPlaceheld && strings.Contains(text, "【待补充") {
				t.Errorf("a full report still has 【待补充】:\n%s", text)
			}
			probs := section(doc, "（二）主要存在问题")
			if c.problems != nil {
				if len(probs) != len(c.problems) {
					t.Fatalf("主要存在问题 has %d paragraphs, want %d:\n%s", len(probs), len(c.problems), strings.Join(probs, "\n"))
				}
				for i, p := range c.problems {
					if !strings.HasPrefix(probs[i], p) {
						t.Errorf("主要存在问题 %d: %q, want it to start with %q", i, probs[i], p)
					}
				}
			}
			for _, p := range probs {
				for _, m := range c.data.Members {
					if strings.Contains(p, m.Name) {
						t.Errorf("member %s named in 主要存在问题: %q", m.Name, p)
					}
				}
			}
			if c.measures != nil {
				ms := withoutCarried(section(doc, "三、坚持立行立改，推动整改落实"))
				if len(ms) != len(c.measures)+1 {
					t.Fatalf("整改落实 has %d paragraphs, want an introduction and %d:\n%s", len(ms), len(c.measures), strings.Join(ms, "\n"))
				}
				for i, m := range c.measures {
					if !strings.HasPrefix(ms[i+1], m) {
						t.Errorf("measure %d: %q, want it to start with %q", i, ms[i+1], m)
					}
				}
			}
		})
	}
}

// The full case before the committee stated the branch problems, in detail: the automatic
// groups with near-duplicates merged and names removed; measures with owners and dates.
func TestCompileFullDetails(t *testing.T) {
	d := fullData()
	d.BranchProblems = nil
	doc, err := Compile(d, defaultTemplate(t))
	if err != nil {
		t.Fatal(err)
	}
	probs := section(doc, "（二）主要存在问题")
	theory, resp, capab := probs[0], probs[1], probs[2]
	if n := strings.Count(theory, "两个确立"); n != 1 {
		t.Errorf("the near-duplicate (contained) point is not merged: 两个确立 ×%d in %q", n, theory)
	}
	if !strings.HasPrefix(theory, "一是【待补充：问题概括】。对深刻领悟“两个确立”的决定意义") {
		t.Errorf("the most-raised problem (2 points) does not come first, or 我 is kept: %q", theory)
	}
	if n := strings.Count(resp, "最大限度把群众组织起来"); n != 1 {
		t.Errorf("the near-duplicate (reworded) point is not merged: ×%d in %q", n, resp)
	}
	if !strings.Contains(capab, "与某同志谈心交流不够及时") {
		t.Errorf("a member's name in a problem is not replaced: %q", capab)
	}
	for _, p := range probs {
		if strings.Count(p, "。。") > 0 || !strings.HasSuffix(p, "。") {
			t.Errorf("bad punctuation: %q", p)
		}
	}
	ms := withoutCarried(section(doc, "三、坚持立行立改，推动整改落实"))
	for i, want := range []string{"（责任人：王书记；完成时限：2023年12月31日）。", "（责任人：李委员；完成时限：2023年11月30日）。", "（责任人：赵委员；完成时限：2024年1月15日）。"} {
		if !strings.HasSuffix(ms[i+1], want) {
			t.Errorf("measure %d: %q, want it to end with %q", i+1, ms[i+1], want)
		}
	}
}

// withoutCarried is 整改落实 without its first paragraph on the previous meeting's items.
func withoutCarried(ms []string) []string {
	if len(ms) > 0 && strings.HasPrefix(ms[0], "上次组织生活会") {
		return ms[1:]
	}
	return ms
}

// 整改落实 opens with how the previous meeting's rectification stands, when there was one.
func TestCompileCarried(t *testing.T) {
	for _, c := range []struct {
		name string
		data Data
		want string // the first paragraph of 整改落实
	}{
		{"the previous meeting's items", fullData(),
			"上次组织生活会查摆问题后制定的3项整改措施，已整改销号1项，正在整改2项：" +
				"一是每月开展一次主题党日活动（已完成、待销号，完成时限2023年6月30日）；" +
				"二是下基层调研不够，与某同志沟通少（正在推进）。支部将持续跟踪督促，确保整改到位。"},
		{"all closed", func() Data {
			d := fullData()
			d.Carried = &orglife.Carried{Items: carriedItems[:1], Closed: 1}
			return d
		}(), "上次组织生活会查摆问题后制定的1项整改措施，已全部整改销号。"},
		{"none closed", func() Data {
			d := fullData()
			d.Carried = &orglife.Carried{Items: carriedItems[2:], Open: carriedItems[2:]}
			return d
		}(), "上次组织生活会查摆问题后制定的1项整改措施，正在整改1项：一是下基层调研不够，与某同志沟通少（正在推进）。支部将持续跟踪督促，确保整改到位。"},
		{"branch problems but no items", partialData(),
			"上次组织生活会查摆支部班子问题2条，整改落实情况【待补充：上次组织生活会整改落实情况（整改事项、销号情况）】。"},
		{"nothing recorded", func() Data {
			d := partialData()
			d.Carried.BranchProblems = 0
			return d
		}(), "上次组织生活会整改落实情况【待补充：上次组织生活会整改落实情况（整改事项、销号情况）】。"},
		{"the branch's first meeting", emptyData(), ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			doc, err := Compile(c.data, defaultTemplate(t))
			if err != nil {
				t.Fatal(err)
			}
			ms := section(doc, "三、坚持立行立改，推动整改落实")
			got := ""
			if len(ms) > 0 && strings.HasPrefix(ms[0], "上次") {
				got = ms[0]
			}
			if got != c.want {
				t.Errorf("整改落实 opens with\n%q, want\n%q", got, c.want)
			}
		})
	}
}

func TestCompileCoverageGaps(t *testing.T) {
	d := fullData()
	d.Talks = d.Talks[:3] // 1–2 twice, 1–3
	d.Coverage.MinPerMember = 2
	doc, err := Compile(d, defaultTemplate(t))
	if err != nil {
		t.Fatal(err)
	}
	talks := strings.Join(section(doc, "（三）严把谈心谈话关，会前沟通充分广泛"), "")
	// Required: 3 committee pairs + the secretary with 4 members = 7 pairs, 2 done; with at
	// least 2 partners each, only the secretary has them.
	for _, w := range []string{"共谈心谈话2次，其中支委之间2次", "尚有5对规定人员未谈，6名党员谈话人数未达到要求，需在会前补齐"} {
		if !strings.Contains(talks, w) {
			t.Errorf("missing %q in %q", w, talks)
		}
	}
}

// TestCompileCoverageUnconfirmed: a talk recorded but not confirmed yet, or disputed, is
// not counted — not the branch's account of a talk until its partner confirms it — nor is a
// withdrawn one; the coverage says such a pair awaits confirmation rather than that the two
// did not talk.
func TestCompileCoverageUnconfirmed(t *testing.T) {
	d := fullData()
	section3 := func(d Data) string {
		t.Helper()
		doc, err := Compile(d, defaultTemplate(t))
		if err != nil {
			t.Fatal(err)
		}
		return strings.Join(section(doc, "（三）严把谈心谈话关，会前沟通充分广泛"), "")
	}
	if all := section3(d); !strings.Contains(all, "共谈心谈话10次") {
		t.Fatalf("every talk confirmed: %q", all)
	}
	d.Talks[2].Status = orglife.ConfirmPending  // 1–3
	d.Talks[4].Status = orglife.ConfirmDisputed // 1–4
	d.Talks[8].Withdrawn = true                 // 4–5
	d.Talks = append(d.Talks, orglife.Talk{RecordedBy: 5, With: 6, Date: d.Talks[0].Date, Form: orglife.TalkPhone, Status: orglife.ConfirmPending})
	talks := section3(d)
	for _, w := range []string{"共谈心谈话7次", "对照谈心谈话全覆盖要求，2对规定人员的谈话记录尚待确认，需在会前补齐"} {
		if !strings.Contains(talks, w) {
			t.Errorf("missing %q in %q", w, talks)
		}
	}
	if strings.Contains(talks, "未谈") {
		t.Errorf("a pair whose talk awaits confirmation is said not to have talked: %q", talks)
	}
	// The preview counts those waiting apart (1–3, 1–4, 5–6), and a talk left that counts
	// nowhere as waiting only.
	if p := Preview(d); !strings.Contains(p, "（三）谈心谈话：7次（") || !strings.Contains(p, "；另有3次待对方确认，未计入") {
		t.Errorf("preview:\n%s", p)
	}
	d.Talks = []orglife.Talk{{RecordedBy: 1, With: 2, Date: d.Talks[0].Date, Status: orglife.ConfirmDisputed},
		{RecordedBy: 1, With: 3, Date: d.Talks[0].Date, Status: orglife.ConfirmPending, Withdrawn: true}}
	if p := Preview(d); !strings.Contains(p, "（三）谈心谈话：1次待对方确认，暂未计入") {
		t.Errorf("preview with no talk that counts:\n%s", p)
	}
}

func TestCompileNamesOnlyWhenTemplateAsks(t *testing.T) {
	text := strings.Replace(configs.ReportTemplate(), `{{define "problem"}}{{.Ordinal}}{{.Headline}}。{{.Detail}}{{end}}`,
		`{{define "problem"}}{{.Ordinal}}{{.Headline}}（{{.Members}}）。{{.Detail}}{{end}}`, 1)
	if text == configs.ReportTemplate() {
		t.Fatal("the default template's problem section has changed; update this test")
	}
	tp, err := ParseTemplate(text)
	if err != nil {
		t.Fatal(err)
	}
	doc, err := Compile(fullData(), tp)
	if err != nil {
		t.Fatal(err)
	}
	if p := section(doc, "（二）主要存在问题")[0]; !strings.HasPrefix(p, "一是理论学习的系统性不强（张三、李四、王书记、王五）。") {
		t.Errorf("the names the template asked for: %q", p)
	}
}

func TestCompileZeroData(t *testing.T) {
	doc, err := Compile(Data{}, defaultTemplate(t))
	if err != nil {
		t.Fatal(err)
	}
	if doc.Title != "【待补充：支部名称】【待补充：会议名称】开展情况报告" {
		t.Errorf("title %q", doc.Title)
	}
	if got := headings(doc); len(got) != len(wantHeadings) {
		t.Errorf("headings %q", got)
	}
}

func TestCompileErrors(t *testing.T) {
	if _, err := Compile(fullData(), nil); err == nil {
		t.Error("no error without a template")
	}
	// A field that is only reached with some data gets past ParseTemplate; Compile says where.
	text := strings.Replace(configs.ReportTemplate(), `{{define "problem"}}{{.Ordinal}}`, `{{define "problem"}}{{if gt .Count 3}}{{.Nope}}{{end}}{{.Ordinal}}`, 1)
	tp, err := ParseTemplate(text)
	if err != nil {
		t.Fatal(err)
	}
	_, err = Compile(fullData(), tp)
	for _, w := range []string{"report: compile 主题教育专题组织生活会", `section "problem"`, "Nope"} {
		if err == nil || !strings.Contains(err.Error(), w) {
			t.Errorf("error %v, want it to contain %q", err, w)
		}
	}
}

func TestParseTemplateErrors(t *testing.T) {
	def := configs.ReportTemplate()
	replace := func(old, new string) string {
		if !strings.Contains(def, old) {
			t.Fatalf("the default template lacks %q", old)
		}
		return strings.Replace(def, old, new, 1)
	}
	cases := []struct {
		name, text, want string
	}{
		{"syntax", replace(`{{define "title"}}{{.Branch}}`, `{{define "title"}}{{.Branch}`), `report template: template: report:`},
		{"missing section", replace(`{{define "h.study"}}`, `{{define "_h.study"}}`), `missing section {{define "h.study"}}`},
		{"unknown section", def + `{{define "stduy"}}x{{end}}`, `unknown section "stduy"`},
		{"unknown field", replace(`{{.Branch}}{{.Meeting}}开展情况报告`, `{{.BranchName}}开展情况报告`), `section "title": template: report:`},
		{"unknown field message", replace(`{{.Branch}}{{.Meeting}}开展情况报告`, `{{.BranchName}}开展情况报告`), `can't evaluate field BranchName`},
		{"unknown item field", replace(`{{.Ordinal}}{{.Headline}}。`, `{{.Ordinal}}{{.Name}}。`), `section "problem"`},
		{"unknown function", replace(`{{pending "整改措施`, `{{pendng "整改措施`), `function "pendng" not defined`},
		{"text outside", def + "\n多余的文字\n", `text outside {{define}}: "多余的文字"`},
		{"empty", "", `missing section {{define "title"}}`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := ParseTemplate(c.text)
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Fatalf("error %v, want it to contain %q", err, c.want)
			}
		})
	}
	if _, err := ParseTemplate(def + `{{define "_helper"}}x{{end}}`); err != nil {
		t.Errorf("a helper section is refused: %v", err)
	}
}

func TestOwnWords(t *testing.T) {
	for in, want := range map[string]string{
		"我对理论学习不够重视":     "对理论学习不够重视",
		"本人，工作作风不实":      "工作作风不实",
		"我们支部调研不够":       "我们支部调研不够",
		"自己学习不够\n计划性不足。": "学习不够；计划性不足。",
	} {
		if got := ownWords(in); got != want {
			t.Errorf("ownWords(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestPreview(t *testing.T) {
	full := Preview(fullData())
	for _, w := range []string{"报告预览：城东社区党支部主题教育专题组织生活会开展情况报告", "（一）实施方案：2023年9月20日经支委会通过",
		"（二）学习研讨：集中学习1次、专题研讨1次、个人自学3人次、线上学习2人次，7名党员参加，3个专题",
		"（三）谈心谈话：10次（支委之间3次、支委与党员之间4次、党员之间2次、与支部外人员1次）；全覆盖：已完成",
		"（四）查摆剖析：党员个人问题11条", "支部委员会（班子）问题：4条，写入报告4条", "6名党员参会（应到7名，实到6名，缺席1名）",
		"主要存在问题：4条——一是理论学习的系统性不强；二是谋划和推进党支部工作的科学性、系统性有所欠缺；三是党支部的组织功能发挥不够到位；四是做思想政治工作缺乏针对性",
		"三、整改落实：3项措施"} {
		if !strings.Contains(full, w) {
			t.Errorf("preview lacks %q:\n%s", w, full)
		}
	}
	if strings.Contains(full, "待补充") {
		t.Errorf("the full preview has something to add:\n%s", full)
	}
	uncurated := fullData()
	uncurated.BranchProblems = nil
	auto := Preview(uncurated)
	for _, w := range []string{"支部委员会（班子）问题：尚未归纳", "4个方面（问题概括待补充）——一是理论学习4条（合并后3条）；二是担当作为3条（合并后2条）；三是能力本领2条；四是工作作风2条",
		"待补充1处：支部班子问题"} {
		if !strings.Contains(auto, w) {
			t.Errorf("preview before the branch problems lacks %q:\n%s", w, auto)
		}
	}
	empty := Preview(emptyData())
	for _, w := range []string{"学习研讨：暂无记录", "会议：尚未记录", "待补充", "到会领导点评", "整改措施", "支部班子问题"} {
		if !strings.Contains(empty, w) {
			t.Errorf("empty preview lacks %q:\n%s", w, empty)
		}
	}
	for name, s := range map[string]string{"full": full, "empty": empty, "200 members": Preview(bigData(200))} {
		if n := len(utf16.Encode([]rune(s))); n >= 4096 || n > previewLimit {
			t.Errorf("%s preview is %d UTF-16 units long", name, n)
		}
	}
}

// bigData is a branch of n members with 10 points and 5 talks each.
func bigData(n int) Data {
	d := fullData()
	d.Members, d.Points, d.Talks, d.Studies, d.BranchProblems = nil, nil, nil, nil, nil
	for i := range n {
		role := orglife.RoleMember
		switch {
		case i == 0:
			role = orglife.RoleSecretary
		case i < 7:
			role = orglife.RoleCommittee
		}
		d.Members = append(d.Members, orglife.Member{UserID: int64(i + 1), Name: fmt.Sprintf("党员%03d", i), Role: role})
	}
	subjects := []string{"对党的创新理论", "对上级部署", "在基层治理中", "对群众诉求", "在业务工作中", "对廉政风险", "在调查研究中"}
	faults := []string{"学习不够系统，计划性不足", "理解不够深入，贯彻落实有差距", "主动担当意识不强，攻坚克难劲头不足",
		"联系群众不够紧密，了解情况不及时", "工作标准不高，满足于过得去", "警惕性不高，防范意识不强", "方法不多，针对性不强"}
	tails := []string{"", "，有时存在“一阵风”现象", "，成效不够明显", "，需要在实践中进一步改进", "，与高质量发展要求还有差距"}
	for i := range n {
		for j := range 10 {
			k := i*10 + j
			problem := subjects[k%len(subjects)] + faults[(k/3)%len(faults)] + tails[(k/7)%len(tails)] + fmt.Sprintf("（第%d例）", k%37)
			d.Points = append(d.Points, point(fmt.Sprint("p", k), int64(i+1), orglife.Areas[(i+j)%6], orglife.Sources[j%5], problem,
				"加强学习，"+faults[(k/5)%len(faults)]+"的问题立行立改"))
		}
		for j := 1; j <= 5; j++ {
			d.Talks = append(d.Talks, talk(int64(i+1), int64((i+j)%n+1), day(2023, 9, 20+j), orglife.TalkForms[j%3]))
		}
		d.Studies = append(d.Studies, orglife.Study{MemberID: int64(i + 1), Form: orglife.StudyForms[i%2], Topic: subjects[i%len(subjects)], Hours: 1.5})
	}
	d.Minutes.Attending = nil
	for i := range n - 3 {
		d.Minutes.Attending = append(d.Minutes.Attending, int64(i+1))
	}
	d.Minutes.Absent = []int64{int64(n - 2), int64(n - 1), int64(n)}
	d.Coverage = orglife.CoverageRules{CommitteePairs: true, SecretaryWithAll: true, MinPerMember: 3}
	return d
}

func TestCompileBig(t *testing.T) {
	doc, err := Compile(bigData(200), defaultTemplate(t))
	if err != nil {
		t.Fatal(err)
	}
	probs := section(doc, "（二）主要存在问题")
	if len(probs) != 6 {
		t.Fatalf("%d areas", len(probs))
	}
	text := allText(doc)
	for _, w := range []string{"200名党员共查摆个人问题2000条", "共谈心谈话1000次", "197名党员参会（应到200名，实到197名，缺席3名）"} {
		if !strings.Contains(text, w) {
			t.Errorf("missing %q", w)
		}
	}
}

func BenchmarkCompile200Members(b *testing.B) {
	d := bigData(200)
	tp := defaultTemplate(b)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Compile(d, tp); err != nil {
			b.Fatal(err)
		}
	}
}

func TestProposeBranchProblems(t *testing.T) {
	points := []orglife.Point{
		{ID: "p1", MemberID: 1, Area: orglife.AreaTheory, Problem: "谈心谈话中某同志指出，本人学习笔记多为摘抄原文"},
		{ID: "p2", MemberID: 2, Area: orglife.AreaTheory, Problem: "我理论学习系统性不强，学习有时一阵风"},
		{ID: "p3", MemberID: 2, Area: orglife.AreaWorkStyle, Problem: "工作作风不够扎实，张三同志也这样认为"},
		{ID: "p4", MemberID: 3, Area: orglife.AreaWorkStyle, Problem: "撤回的", Withdrawn: true},
	}
	members := []orglife.Member{{UserID: 1, Name: "李四"}, {UserID: 2, Name: "张三"}}
	got := ProposeBranchProblems(points, members)
	if len(got) != 2 || got[0].Area != orglife.AreaTheory || !slices.Equal(got[0].PointIDs, []string{"p1", "p2"}) ||
		!slices.Equal(got[1].PointIDs, []string{"p3"}) {
		t.Fatalf("proposals = %+v", got)
	}
	for _, p := range got {
		if p.Headline != "" || !p.InReport {
			t.Errorf("proposal %+v: want no headline, in the report", p)
		}
		if slips := orglife.VoiceSlips(p.Detail); len(slips) > 0 || strings.Contains(p.Detail, "张三") {
			t.Errorf("proposal detail %q keeps %v or a name", p.Detail, slips)
		}
	}
	if !strings.Contains(got[0].Detail, "学习笔记多为摘抄原文。") {
		t.Errorf("detail %q lost what was said", got[0].Detail)
	}
}

// A meeting held as a 支部委员会 is attended by committee members, and the report says so.
func TestCompileCommitteeForm(t *testing.T) {
	tp := defaultTemplate(t)
	d := fullData()
	d.Meeting.Form = orglife.FormCommittee
	doc, err := Compile(d, tp)
	if err != nil {
		t.Fatal(err)
	}
	text := allText(doc)
	for _, want := range []string{"以支部委员会为载体", "6名支委参会（应到7名，实到6名，缺席1名）", "会上，支委逐一开展批评和自我批评"} {
		if !strings.Contains(text, want) {
			t.Errorf("report lacks %q", want)
		}
	}
	if strings.Contains(text, "名党员参会") {
		t.Error("a 支部委员会 is reported as attended by 党员")
	}
}

// TestCompileBranchProblems: 主要存在问题 and the counts of 查摆剖析 as the committee's
// statement of the branch problems stands.
func TestCompileBranchProblems(t *testing.T) {
	seed := seedBranchProblems
	cases := []struct {
		name     string
		problems func() []orglife.BranchProblem
		want     []string // 主要存在问题's paragraphs, each as it starts
		exact    []string // 主要存在问题's paragraphs in full, when given
		points   string   // in 查摆剖析
		missing  []string // in the preview's list of what is to add
		notMiss  []string
		preview  string // in the preview, when given
	}{
		{
			name: "curated", problems: seed,
			want: []string{"一是理论学习的系统性不强。对深刻领悟", "二是谋划和推进党支部工作的科学性、系统性有所欠缺。党支部开展的工作",
				"三是党支部的组织功能发挥不够到位。在推进以党建引领基层治理过程中", "四是做思想政治工作缺乏针对性。开展思想政治教育针对性不强"},
			points:  "支部委员会（班子）查摆问题4条、党员个人查摆问题11条，分别形成了问题清单。",
			notMiss: []string{"支部班子问题", "问题概括", "具体表现"},
		},
		{
			name: "uncurated", problems: func() []orglife.BranchProblem { return nil },
			want: []string{"一是【待补充：问题概括】。对深刻领悟", "二是【待补充：问题概括】。在一些工作的推进过程中",
				"三是【待补充：问题概括】。开展思想政治教育针对性不强", "四是【待补充：问题概括】。党支部开展的工作和活动"},
			points:  "党员个人查摆的问题形成了问题清单；支部委员会（班子）查摆问题【待补充：支部班子问题】。",
			missing: []string{"支部班子问题"},
		},
		{
			name: "all removed is uncurated",
			problems: func() []orglife.BranchProblem {
				ps := seed()
				for i := range ps {
					ps[i].Removed = true
				}
				return ps
			},
			want:    []string{"一是【待补充：问题概括】。", "二是【待补充：问题概括】。", "三是【待补充：问题概括】。", "四是【待补充：问题概括】。"},
			points:  "支部委员会（班子）查摆问题【待补充：支部班子问题】",
			missing: []string{"支部班子问题"},
		},
		{
			name: "mixed in and out of the report, reordered, one added directly",
			problems: func() []orglife.BranchProblem {
				ps := seed()
				ps[1].InReport = false // 理论学习…: in the list only
				ps[0].Order = 1        // 组织功能 first
				ps[1].Order = 3
				return append(ps, orglife.BranchProblem{ID: "b9", MeetingID: "m1", Order: 9, Headline: "“三会一课”质量不高。",
					Detail: "支部党员大会有时以传达文件代替讨论", InReport: true})
			},
			exact: nil,
			want: []string{"一是党支部的组织功能发挥不够到位。", "二是谋划和推进党支部工作的科学性、系统性有所欠缺。",
				"三是做思想政治工作缺乏针对性。", "四是“三会一课”质量不高。支部党员大会有时以传达文件代替讨论。"},
			points:  "支部委员会（班子）查摆问题5条、党员个人查摆问题11条，分别形成了问题清单。",
			notMiss: []string{"支部班子问题"},
		},
		{
			name: "empty headline and detail, a member named",
			problems: func() []orglife.BranchProblem {
				ps := seed()[1:2]
				ps[0].Headline = " 一是 "
				ps[0].Order = 1
				return append(ps, orglife.BranchProblem{ID: "b8", MeetingID: "m1", Order: 2, Headline: "与张三同志沟通不够",
					Area: orglife.AreaWorkStyle, PointIDs: []string{"p10"}, InReport: true})
			},
			exact: []string{"一是【待补充：问题概括】。对深刻领悟“两个确立”的决定意义、坚决做到“两个维护”等党的创新理论的学习不够系统，计划性不足，" +
				"理论知识的专项学习和系统学习融会贯通不够好，学习有时存在专项“一阵风”问题，学习的持续性不足，使学习成效不够明显。学与做结合不够好，" +
				"有时存在学理论时从理论到理论，一说到结合实践，又是从实践到实践的问题，没有真正做到学懂弄通做实。",
				"二是与某同志沟通不够。【待补充：具体表现】"},
			points:  "支部委员会（班子）查摆问题2条",
			missing: []string{"问题概括", "具体表现"},
			notMiss: []string{"支部班子问题"},
		},
		{
			name: "none in the report",
			problems: func() []orglife.BranchProblem {
				ps := seed()
				for i := range ps {
					ps[i].InReport = false
				}
				return ps
			},
			exact:   []string{"【待补充：主要存在问题（支部班子问题均未选入报告）】"},
			points:  "支部委员会（班子）查摆问题4条、党员个人查摆问题11条",
			preview: "主要存在问题：暂无（支部班子问题均未选入报告）",
		},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			d := fullData()
			d.BranchProblems = c.problems()
			doc, err := Compile(d, defaultTemplate(t))
			if err != nil {
				t.Fatal(err)
			}
			probs := section(doc, "（二）主要存在问题")
			if c.exact != nil && strings.Join(probs, "\n") != strings.Join(c.exact, "\n") {
				t.Errorf("主要存在问题:\n%s\nwant:\n%s", strings.Join(probs, "\n"), strings.Join(c.exact, "\n"))
			}
			if c.want != nil {
				if len(probs) != len(c.want) {
					t.Fatalf("主要存在问题 has %d paragraphs, want %d:\n%s", len(probs), len(c.want), strings.Join(probs, "\n"))
				}
				for i, w := range c.want {
					if !strings.HasPrefix(probs[i], w) {
						t.Errorf("paragraph %d: %q, want it to start with %q", i+1, probs[i], w)
					}
				}
			}
			for _, p := range probs {
				if strings.Contains(p, "。。") || strings.Contains(p, "是一是") || !strings.HasSuffix(p, "。") && !strings.HasSuffix(p, "】") {
					t.Errorf("bad punctuation: %q", p)
				}
			}
			if pts := strings.Join(section(doc, "（四）严把查摆剖析关，查摆问题认真深入"), ""); !strings.Contains(pts, c.points) {
				t.Errorf("查摆剖析 lacks %q:\n%s", c.points, pts)
			}
			preview := Preview(d)
			if !strings.Contains(preview, c.preview) {
				t.Errorf("the preview lacks %q:\n%s", c.preview, preview)
			}
			_, todo, _ := strings.Cut(preview, "待补充")
			for _, w := range c.missing {
				if !strings.Contains(todo, w) {
					t.Errorf("the preview's list of what is to add lacks %q: %q", w, todo)
				}
			}
			for _, w := range c.notMiss {
				if strings.Contains(todo, w) {
					t.Errorf("the preview's list of what is to add has %q: %q", w, todo)
				}
			}
		})
	}
}

// TestCompileAttendanceAsRecorded: the report states the attendance the minutes kept when
// they were recorded, though a member's id has left them since; minutes kept before the
// figures were count their ids.
func TestCompileAttendanceAsRecorded(t *testing.T) {
	tp := defaultTemplate(t)
	for _, tt := range []struct {
		name    string
		minutes orglife.Minutes
		want    string
	}{
		{"recorded 应到9/实到8, one attendant gone since",
			orglife.Minutes{Attending: []int64{1, 2, 3, 4, 5, 6, 7}, Absent: []int64{}, Expected: 9, Present: 8}, "应到9名，实到8名，缺席1名"},
		{"recorded before the figures were kept", orglife.Minutes{Attending: []int64{1, 2, 3, 4, 5, 6}, Absent: []int64{7}}, "应到7名，实到6名，缺席1名"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			d := fullData()
			m := *d.Minutes
			m.Attending, m.Absent, m.Expected, m.Present = tt.minutes.Attending, tt.minutes.Absent, tt.minutes.Expected, tt.minutes.Present
			d.Minutes = &m
			doc, err := Compile(d, tp)
			if err != nil {
				t.Fatal(err)
			}
			if s := allText(doc); !strings.Contains(s, tt.want) {
				t.Errorf("the report lacks %q:\n%s", tt.want, s)
			}
		})
	}
}
