package report

import (
	"fmt"
	"strings"
	"unicode/utf16"
)

// previewLimit keeps the preview well under Telegram's 4096-character message limit.
const previewLimit = 3500

// Preview is a short outline of the compiled report for the chat: each section with its
// counts, and what the draft still marks 【待补充】.
func Preview(d Data) string {
	v := newView(d)
	var b strings.Builder
	line := func(format string, args ...any) { fmt.Fprintf(&b, format+"\n", args...) }
	or := func(s, missing string) string {
		if s == "" {
			return missing
		}
		return s
	}

	line("报告预览：%s", clip(v.Branch+v.Meeting+"开展情况报告", 120))
	line("会议日期：%s", v.MeetingDate)
	line("")
	line("%s会前准备", Number(1, 1))
	if v.PlanKnown {
		line("%s实施方案：%s经支委会通过", Number(2, 1), v.PlanAdopted)
	} else {
		line("%s实施方案：待补充通过日期", Number(2, 1))
	}
	if v.HasStudy {
		line("%s学习研讨：%s，%d名党员参加，%d个专题", Number(2, 2), v.StudyByForm, v.StudyMembers, v.TopicCount)
	} else {
		line("%s学习研讨：暂无记录", Number(2, 2))
	}
	if v.HasTalks {
		cover := ""
		switch {
		case v.CoverageRequired && v.CoverageComplete:
			cover = "；全覆盖：已完成"
		case v.CoverageRequired:
			cover = "；全覆盖：" + v.CoverageGaps
		}
		if v.TalkUnconfirmed > 0 {
			cover += fmt.Sprintf("；另有%d次待对方确认，未计入", v.TalkUnconfirmed)
		}
		line("%s谈心谈话：%d次（%s）%s", Number(2, 3), v.TalkCount, v.TalkByPairing, cover)
	} else if v.TalkUnconfirmed > 0 {
		line("%s谈心谈话：%d次待对方确认，暂未计入", Number(2, 3), v.TalkUnconfirmed)
	} else {
		line("%s谈心谈话：暂无记录", Number(2, 3))
	}
	if v.HasPoints {
		line("%s查摆剖析：党员个人问题%d条（%s）；方式：%s", Number(2, 4),
			v.PointCount, v.PointsByArea, or(v.PointsBySource, "未注明"))
	} else {
		line("%s查摆剖析：党员个人问题暂无", Number(2, 4))
	}
	if v.HasOpinions {
		line("　　征求意见：%d条（%d人）", v.Opinions, v.OpinionPeople)
	}
	if v.HasBranchProblems {
		line("　　支部委员会（班子）问题：%d条，写入报告%d条", v.BranchProblemCount, v.BranchProblemsInReport)
	} else {
		line("　　支部委员会（班子）问题：尚未归纳，报告暂按方面汇总党员个人问题")
	}
	line("%s会议开展情况", Number(1, 2))
	if v.Held {
		att := "参会人数待补充"
		if v.AttendanceKnown {
			att = fmt.Sprintf("%d名党员参会（%s）", v.Present, v.Attendance)
		}
		leader := "到会领导待补充"
		if v.HasLeader {
			leader = "到会领导" + clip(v.LeaderName, 40)
			if !v.HasComments {
				leader += "，点评待补充"
			}
		}
		line("%s会议：%s，%s；%s", Number(2, 1), v.MeetingDate, att, leader)
	} else {
		line("%s会议：尚未记录", Number(2, 1))
	}
	switch {
	case v.ProblemsCurated && len(v.Problems) > 0:
		var heads []string
		for _, p := range v.Problems {
			h := "（待概括）"
			if p.HasHeadline {
				h = clip(p.Headline, 30)
			}
			heads = append(heads, p.Ordinal+h)
		}
		line("%s主要存在问题：%d条——%s", Number(2, 2), len(v.Problems), strings.Join(heads, "；"))
	case len(v.Problems) > 0:
		var areas []string
		for _, g := range v.Problems {
			s := fmt.Sprintf("%s%s%d条", g.Ordinal, g.Area, g.Count)
			if g.Merged < g.Count {
				s += fmt.Sprintf("（合并后%d条）", g.Merged)
			}
			areas = append(areas, s)
		}
		line("%s主要存在问题：%d个方面（问题概括待补充）——%s", Number(2, 2), len(v.Problems), strings.Join(areas, "；"))
	case v.HasBranchProblems:
		line("%s主要存在问题：暂无（支部班子问题均未选入报告）", Number(2, 2))
	default:
		line("%s主要存在问题：暂无", Number(2, 2))
	}
	switch {
	case v.MeasuresFromLedger:
		line("%s整改落实：%d项措施（来自整改台账）", Number(1, 3), len(v.Measures))
	case len(v.Measures) > 0:
		line("%s整改落实：%d个方面的措施（来自党员查摆时提出的措施，完成时限待补充）", Number(1, 3), len(v.Measures))
	default:
		line("%s整改落实：暂无措施", Number(1, 3))
	}
	if len(v.missing) > 0 {
		line("")
		line("待补充%d处：%s", len(v.missing), clip(strings.Join(v.missing, "、"), 600))
	}
	s := strings.TrimRight(b.String(), "\n")
	// Every line above is bounded; this only guards the limit against future changes.
	for len(utf16.Encode([]rune(s))) > previewLimit {
		s = clip(s, len([]rune(s))*9/10)
	}
	return s
}
