package orglife

import (
	"slices"
	"strings"
	"time"
	"unicode/utf8"
)

// BranchProblem is a problem of the branch as a whole (支部班子问题), as the committee states it
// for the report: a headline (「理论学习的系统性不强」) and how it shows (具体表现), in the
// branch's voice. It gathers members' points, or was agreed collectively (集体议) with none.
type BranchProblem struct {
	ID        string `json:"id"`
	MeetingID string `json:"meeting_id"`
	// Order places the problem in 主要存在问题 and the committee's list, 1 first.
	Order    int      `json:"order"`
	Area     Area     `json:"area,omitempty"` // the area it was proposed from; 0 for one added directly
	Headline string   `json:"headline"`       // at most HeadlineMax characters, no final 。
	Detail   string   `json:"detail"`         // 具体表现
	PointIDs []string `json:"point_ids,omitempty"`
	// Source is SourceMasses for a problem made of an opinion (征求意见,群众提); 0 otherwise.
	Source Source `json:"source,omitempty"`
	// InReport says whether the report's 主要存在问题 states it (the list always does).
	InReport  bool      `json:"in_report"`
	Removed   bool      `json:"removed,omitempty"`
	CreatedBy int64     `json:"created_by"`
	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`
}

// Collective reports whether the problem was added directly by the committee (集体议)
// rather than gathered from members' points.
func (p BranchProblem) Collective() bool { return len(p.PointIDs) == 0 }

// BranchProblemChange is one entry of a meeting's branch-problem log.
type BranchProblemChange struct {
	ProblemID string    `json:"problem_id"`
	By        int64     `json:"by"`
	At        time.Time `json:"at"`
	Action    string    `json:"action"` // one of the BranchProblem… actions
	Before    string    `json:"before,omitempty"`
	After     string    `json:"after,omitempty"`
}

// The actions of a BranchProblemChange.
const (
	BranchProblemCreate  = "create"  // confirmed from a proposal, or added directly
	BranchProblemEdit    = "edit"    // headline or 具体表现 changed
	BranchProblemMerge   = "merge"   // another problem merged into this one
	BranchProblemSplit   = "split"   // points moved out into a new problem
	BranchProblemReorder = "reorder" // moved up or down
	BranchProblemMark    = "mark"    // in or out of the report
	BranchProblemRemove  = "remove"
)

// BranchProblemActions lists the actions a log entry may have.
var BranchProblemActions = []string{BranchProblemCreate, BranchProblemEdit, BranchProblemMerge,
	BranchProblemSplit, BranchProblemReorder, BranchProblemMark, BranchProblemRemove}

// HeadlineMax is the longest headline, in characters: a headline is one short clause
// (「理论学习的系统性不强」 is 10), and the report puts it between 「一是」 and 「。」.
const HeadlineMax = 25

// HeadlineProblem says what is wrong with a headline as typed ("" when it is fine): it is
// one clause of at most HeadlineMax characters, without a sentence inside it.
func HeadlineProblem(s string) string {
	h := CleanHeadline(s)
	switch n := utf8.RuneCountInString(h); {
	case n < 4:
		return "short"
	case n > HeadlineMax:
		return "long"
	case strings.ContainsAny(h, "。！？；\n"):
		return "sentence"
	}
	return ""
}

// CleanHeadline is a headline as the report writes it: one line, without 「一是」 before it or
// a full stop after it.
func CleanHeadline(s string) string {
	s = strings.Join(strings.Fields(s), "")
	for _, o := range ordinalOpenings {
		s = strings.TrimPrefix(s, o)
	}
	return strings.TrimRight(s, "。.；;，,！!")
}

var ordinalOpenings = []string{"一是", "二是", "三是", "四是", "五是", "六是", "七是", "八是", "九是", "十是"}

// firstPerson are the words that mark a member's own voice, which a branch problem's 具体表现
// does not use: the report speaks for the branch.
var firstPerson = []string{"某同志指出", "同志指出", "谈心谈话中", "本人", "我们", "我", "自己"}

// VoiceSlips lists the first-person or reported-speech words in a 具体表现, so the editor can
// be asked to put it in the branch's voice.
func VoiceSlips(detail string) []string {
	var out []string
	rest := detail
	for _, w := range firstPerson {
		if strings.Contains(rest, w) {
			out = append(out, w)
			rest = strings.ReplaceAll(rest, w, "")
		}
	}
	return out
}

// SortBranchProblems orders problems as the report states them: by Order, then by creation.
func SortBranchProblems(ps []BranchProblem) {
	slices.SortStableFunc(ps, func(a, b BranchProblem) int {
		if a.Order != b.Order {
			return a.Order - b.Order
		}
		return a.CreatedAt.Compare(b.CreatedAt)
	})
}

// LiveBranchProblems are the problems not removed, in order.
func LiveBranchProblems(ps []BranchProblem) []BranchProblem {
	out := make([]BranchProblem, 0, len(ps))
	for _, p := range ps {
		if !p.Removed {
			out = append(out, p)
		}
	}
	SortBranchProblems(out)
	return out
}

// MergeBranchProblems folds from into into: the points of both, 具体表现 one after the other.
// The headline stays into's; from is marked removed.
func MergeBranchProblems(into, from BranchProblem) (BranchProblem, BranchProblem) {
	for _, id := range from.PointIDs {
		if !slices.Contains(into.PointIDs, id) {
			into.PointIDs = append(into.PointIDs, id)
		}
	}
	into.Detail = joinSentences(into.Detail, from.Detail)
	into.InReport = into.InReport || from.InReport
	from.Removed = true
	return into, from
}

// SplitBranchProblem moves the points ids out of p into a new problem placed right after it,
// with no headline yet; ok is false when ids name none of p's points or all of them.
func SplitBranchProblem(p BranchProblem, ids []string) (kept, split BranchProblem, ok bool) {
	kept, split = p, BranchProblem{MeetingID: p.MeetingID, Area: p.Area, Order: p.Order + 1, InReport: p.InReport}
	kept.PointIDs = nil
	for _, id := range p.PointIDs {
		if slices.Contains(ids, id) {
			split.PointIDs = append(split.PointIDs, id)
		} else {
			kept.PointIDs = append(kept.PointIDs, id)
		}
	}
	if len(split.PointIDs) == 0 || len(kept.PointIDs) == 0 {
		return p, BranchProblem{}, false
	}
	return kept, split, true
}

// Renumber gives problems the orders 1, 2, … in their present order and returns the ones
// whose order changed.
func Renumber(ps []BranchProblem) []BranchProblem {
	var changed []BranchProblem
	for i := range ps {
		if ps[i].Order != i+1 {
			ps[i].Order = i + 1
			changed = append(changed, ps[i])
		}
	}
	return changed
}

// joinSentences joins two passages, each ending with a full stop.
func joinSentences(a, b string) string {
	a, b = strings.TrimSpace(a), strings.TrimSpace(b)
	switch {
	case a == "":
		return b
	case b == "":
		return a
	}
	if !strings.HasSuffix(a, "。") {
		a += "。"
	}
	return a + b
}

// CanCurate reports whether someone of role, with userID, may state the branch problems of
// meeting m: the secretary, or a committee member the secretary allowed.
func CanCurate(role Role, userID int64, m Meeting) bool {
	return role == RoleSecretary || (role == RoleCommittee && slices.Contains(m.ProblemCurators, userID))
}
