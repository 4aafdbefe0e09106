package bot

import (
	"context"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	"orglife"
)

// typedCheck is one typed question of a flow that checks its answer.
type typedCheck struct {
	flow *flow
	step int
	q    question
}

func typedChecks(h *Handlers) []typedCheck {
	var out []typedCheck
	for _, f := range h.allFlows() {
		for i, q := range f.questions {
			if q.typed && q.check != nil {
				out = append(out, typedCheck{f, i, q})
			}
		}
	}
	return out
}

// fzAnswers are the answers a flow has before the fuzzed one, varied by variant: the field
// of a point being edited, the step whose deadline moves (or the meeting date), the first
// day of a leave.
func fzAnswers(variant uint8) answers {
	fields := []string{pointFieldProblem, pointFieldCause, pointFieldMeasure}
	step := meetingDateValue
	if variant&4 != 0 {
		step = string(orglife.StepPoints)
	}
	return answers{
		keyMeeting: fzMeeting,
		"field":    fields[int(variant&3)%len(fields)],
		"step":     step,
		"from":     fzToday().AddDays(int(variant>>3) - 8).String(),
		"problem":  "理论学习不够深入系统，学用结合不紧",
		"branch":   fzBranch, "meeting": fzMeeting, "point": fzPoint,
	}
}

// FuzzTypedAnswers feeds one typed answer to every check of a typed question of every flow
// (dates of meetings, leaves, deadlines and talks, a branch's own days, study hours, time zones, rectification
// problem numbers and owners, names, titles, headlines and texts), as the flow engine does: trimmed,
// for a member of the fixture's branch, in Chinese and in English. No check panics. A
// rejection keeps no value and tells the user, readably, in their language. An accepted
// value is kept in its stored form, which the same check accepts again unchanged (dates as
// ISO days, hours as a number from 0.5 to 24, zones that load); a problem number or an
// owner's name becomes the point's or the member's id.
func FuzzTypedAnswers(f *testing.F) {
	for _, s := range []struct {
		text    string
		variant uint8
	}{
		{"2026-05-11", 0}, {"2026年12月1日", 0}, {"12月1日", 4}, {"１２月１日", 0}, {"2026/5/31", 4}, {"5-31", 4},
		{"今天", 0}, {"昨天", 0}, {"tomorrow", 8 << 3}, {"2026-02-30", 0}, {"2100-12-31", 0}, {"0000-00-00", 0},
		{"-1", 0}, {"+1", 0}, {"0", 0}, {"1", 0}, {"3", 0}, {"4", 0}, {"1.", 0}, {"99999999999999999999", 0},
		{"1.5", 0}, {"1.5小时", 0}, {"半小时", 0}, {"２小时", 0}, {"１．５ h", 0}, {".5", 0}, {"0.49", 0}, {"24.00", 0},
		{"24.01", 0}, {"NaN", 0}, {"Inf", 0}, {"1e1", 0}, {"0x10", 0}, {"1_0", 0}, {"-0.5", 0},
		{"Asia/Shanghai", 0}, {"Local", 0}, {"UTC", 0}, {"../../etc/passwd", 0}, {"/etc/localtime", 0}, {"Asia", 0},
		{"王党员", 0}, {"张书记", 0}, {"Ann Lee", 0}, {"nobody", 0},
		{"", 0}, {" ", 0}, {"\xff\xfe", 0}, {"a\x00b", 0}, {"%s%d%!", 0}, {"<b>x</b> & y", 0},
		{strings.Repeat("长", 2001), 0}, {strings.Repeat("x", 61), 0}, {"_keep", 0}, {"例如：上次会议迟到", 1},
		{"12-24/12-26", 0}, {"2026-12-24至2026-12-26", 0}, {"12-26/12-24", 0}, {"2026-05-01/2026-06-30", 0},
		{"1个月", 0}, {"３个月", 0}, {"Year End", 0}, {"明年底", 0}, {"病假", 0}, {"参加上级\n调训", 0},
		{"一是理论学习的系统性不强。", 0}, {"二是一是学用结合不紧", 0}, {"理论学习不够。还要加强", 0}, {"本人学习只读摘要。", 0},
	} {
		f.Add(s.text, s.variant)
	}
	bot := newFzBot(f)
	h, _ := bot.reset(f)
	ctx := context.Background()
	branch, err := h.records.Branch(ctx, fzBranch)
	if err != nil {
		f.Fatal(err)
	}
	members, err := h.records.Members(ctx, fzBranch)
	if err != nil {
		f.Fatal(err)
	}
	points, err := h.records.Points(ctx, fzBranch, fzMeeting)
	if err != nil {
		f.Fatal(err)
	}
	checks := typedChecks(h)
	f.Fuzz(func(t *testing.T, text string, variant uint8) {
		value := strings.TrimSpace(text) // as onStepText hands it over
		for _, c := range checks {
			name := c.flow.name + "/" + c.q.key
			run := func(lang orglife.Lang) (string, string) {
				a := fzAnswers(variant)
				tn := &turn{ctx: ctx, chatID: fzMember, userID: fzMember, updateID: 1, lang: lang,
					from: &tgbotapi.User{ID: fzMember, FirstName: "用户"}}
				s := &session{Flow: c.flow.name, Nonce: "fz", Step: c.step, Data: a}
				if c.flow.need != orglife.RoleStranger {
					m := members[slices.IndexFunc(members, func(m orglife.Member) bool { return m.UserID == fzMember })]
					s.Branch, tn.branch, tn.member = fzBranch, &branch, &m
				}
				tn.sess = s
				return c.q.check(tn, a, value)
			}
			got, problem := run(orglife.LangZH)
			gotEN, problemEN := run(orglife.LangEN)
			if got != gotEN || (problem == "") != (problemEN == "") {
				t.Fatalf("%s(%q): Chinese (%q, %q) and English (%q, %q) disagree", name, value, got, problem, gotEN, problemEN)
			}
			if problem != "" {
				if got != "" {
					t.Fatalf("%s(%q) refused with %q but kept %q", name, value, problem, got)
				}
				checkReadable(t, name+" refusal", problem)
				checkReadable(t, name+" refusal in English", problemEN)
				if problem == problemEN {
					t.Fatalf("%s(%q): the refusal %q is not translated", name, value, problem)
				}
				if c.q.key == "owner" && slices.ContainsFunc(members, func(m orglife.Member) bool { return m.Name == value }) &&
					problem == msgRcBadOwner.In(orglife.LangZH) {
					t.Fatalf("%s(%q): refused saying nobody has that name, but members have it", name, value)
				}
				continue
			}
			checkAccepted(t, name, c.q.key, value, got, members, points)
			if c.q.key == "source" || c.q.key == "owner" || c.q.key == keyAbsence {
				continue // the id kept is not what the user types
			}
			if again, p := run(orglife.LangZH); again != got || p != "" {
				t.Fatalf("%s(%q) = %q, but %s(%q) = %q, %q", name, value, got, name, got, again, p)
			}
		}
		// parseStudyHours on its own, untrimmed.
		if v, ok := parseStudyHours(text); ok {
			if v < 0.5 || v > 24 {
				t.Fatalf("parseStudyHours(%q) = %v, outside 0.5–24", text, v)
			}
			if back, ok := parseStudyHours(formatStudyHours(v)); !ok || back != v {
				t.Fatalf("parseStudyHours(%q) = %v, but parseStudyHours(%q) = %v, %v", text, v, formatStudyHours(v), back, ok)
			}
		}
	})
}

// checkAccepted checks the value a check kept for the typed text (value is text trimmed).
func checkAccepted(t *testing.T, name, key, value, got string, members []orglife.Member, points []orglife.Point) {
	t.Helper()
	if utf8.ValidString(value) && !utf8.ValidString(got) {
		t.Fatalf("%s(%q) kept invalid UTF-8 %q", name, value, got)
	}
	switch key {
	case "date", "from", "to", "deadline":
		var d orglife.Date
		if err := d.UnmarshalText([]byte(got)); err != nil || d.String() != got {
			t.Fatalf("%s(%q) kept %q, not an ISO day (%v)", name, value, got, err)
		}
		if named, ok := rectNamedDeadline(fzToday(), value); key == "deadline" && ok {
			if named != d || d.Before(fzToday()) {
				t.Fatalf("%s(%q) kept %q, but the name is of %v", name, value, got, named)
			}
			break
		}
		if typed, err := orglife.ParseDate(value, fzToday()); err != nil || typed != d {
			t.Fatalf("%s(%q) kept %q, but the text reads as %v, %v", name, value, got, typed, err)
		}
	case "days":
		// A branch's own day or run of days (/holidays): kept in DayRun's form, the run the
		// text reads as, none of it past.
		r, err := orglife.ParseDayRun(value, fzToday())
		if err != nil || r.String() != got || r.First.Before(fzToday()) {
			t.Fatalf("%s(%q) kept %q, but the text reads as %v, %v", name, value, got, r, err)
		}
		if back, err := orglife.ParseDayRun(got, fzToday()); err != nil || back != r {
			t.Fatalf("%s(%q) kept %q, which reads back as %v, %v", name, value, got, back, err)
		}
	case keyAbsence:
		// A reason for absence: the absentee asked about (every member is absent here: nobody
		// is ticked) and the reason typed, on one line.
		id, reason, ok := strings.Cut(got, "=")
		if !ok || id != strconv.FormatInt(members[0].UserID, 10) || reason != strings.Join(strings.Fields(value), " ") ||
			reason == "" || utf8.RuneCountInString(reason) > maxAbsenceReason {
			t.Fatalf("%s(%q) kept %q, not the first absentee's reason as typed", name, value, got)
		}
	case "hours":
		v, ok := parseStudyHours(value)
		if !ok || got != formatStudyHours(v) {
			t.Fatalf("%s(%q) kept %q; parseStudyHours says %v, %v", name, value, got, v, ok)
		}
		if f, err := strconv.ParseFloat(got, 64); err != nil || f != v || f < 0.5 || f > 24 {
			t.Fatalf("%s(%q) kept %q, which saveStudy reads as %v, %v", name, value, got, f, err)
		}
	case "zone":
		loc, err := time.LoadLocation(got)
		if err != nil || got == "" || got == "Local" || loc.String() != got || got != value {
			t.Fatalf("%s(%q) kept zone %q (%v, %v)", name, value, got, loc, err)
		}
		if l := (orglife.Branch{Timezone: got}).Location(time.UTC); l.String() != got {
			t.Fatalf("%s(%q): a branch in zone %q reads days in %v", name, value, got, l)
		}
	case "source":
		// As rectSourceCheck reads it: full-width forms folded first, so "１" and "1．" are 1.
		n, err := strconv.Atoi(strings.TrimSpace(strings.TrimSuffix(orglife.FoldWidth(value), ".")))
		if err != nil || n < 1 || n > len(points) || points[n-1].ID != got {
			t.Fatalf("%s(%q) kept %q; the points are %v", name, value, got, points)
		}
	case "owner":
		id, err := strconv.ParseInt(got, 10, 64)
		i := slices.IndexFunc(members, func(m orglife.Member) bool { return m.UserID == id })
		if err != nil || i < 0 || members[i].Name != value {
			t.Fatalf("%s(%q) kept owner %q, not the member of that name", name, value, got)
		}
	case "when":
		// The meeting's time and place: kept on one line in the form it is read back from,
		// the place as typed.
		at, place, ok := parseWhenWhere(got)
		if !ok || joinWhenWhere(at, place) != got || strings.ContainsAny(got, "\n\r\t") ||
			!strings.Contains(strings.Join(strings.Fields(value), " "), place) {
			t.Fatalf("%s(%q) kept %q, not a time and place as typed", name, value, got)
		}
	case "notice", "theme", "requirement", "plan_title", "details":
		// Names the report quotes: kept on one line, without the 《》 and 主题/总要求 the
		// report writes round them, and otherwise as typed (a title typed at /newmeeting's
		// 现在填写 is the notice's).
		if strings.ContainsAny(got, "\n\r\t") || strings.HasPrefix(got, "《") || strings.HasSuffix(got, "》") ||
			strings.HasSuffix(got, "主题") || strings.HasSuffix(got, "总要求") ||
			!strings.Contains(strings.Join(strings.Fields(value), " "), got) {
			t.Fatalf("%s(%q) kept %q, not the name as typed on one line", name, value, got)
		}
	case "headline":
		// A branch problem's headline, as the report writes it: one short clause, without
		// 「一是」 before it or a full stop after it, whitespace dropped (the report is Chinese).
		want := value
		for c := orglife.CleanHeadline(want); c != want; c = orglife.CleanHeadline(want) {
			want = c
		}
		if got != want || orglife.HeadlineProblem(got) != "" || orglife.CleanHeadline(got) != got ||
			utf8.RuneCountInString(got) > orglife.HeadlineMax {
			t.Fatalf("%s(%q) kept %q, not the headline cleaned (%q)", name, value, got, want)
		}
	default:
		if got != value {
			t.Fatalf("%s(%q) kept %q: a typed text is kept as typed", name, value, got)
		}
	}
}
