package bot

import (
	"errors"
	"fmt"
	"reflect"
	"slices"
	"strings"

	"orglife"
)

// /holidays: the branch's own calendar. The secretary sees the public holiday calendar in use
// and the days the branch takes off or works on top of it (Branch.DaysOff, DaysWorked), and
// adds or removes them; every change plans the branch's reminders anew, so they move at once.

const (
	flowHolidays    = "holidays"
	ownDaysOff      = "off"
	ownDaysWorked   = "worked"
	ownDaysRemove   = "remove"
	keyOwnDays      = "days"
	keyOwnDaysLast  = "days_last"
	keyOwnRemove    = "remove"
	keyOwnRemoveEnd = "remove_last"
	// maxShownRuns bounds the runs /holidays lists of each kind, and offers to remove, so
	// that the message and its buttons stay within Telegram's limits.
	maxShownRuns = 12
)

func (h *Handlers) holidayCommands() []Command {
	return []Command{{Name: "holidays", Desc: descHolidays, Role: orglife.RoleSecretary, run: h.holidays}}
}

func (h *Handlers) holidayFlows() []*flow {
	return []*flow{{
		name: flowHolidays, need: orglife.RoleSecretary, answers: reflect.TypeFor[holidaysAnswers](),
		questions: []question{
			{key: "action", options: h.holidayActions, ask: h.holidaysText},
			{key: keyOwnDays, typed: true, check: h.ownDaysCheck, split: splitRun(keyOwnDays, keyOwnDaysLast),
				when: func(_ *turn, a answers) bool { return answersAs[holidaysAnswers](a).Action != ownDaysRemove },
				ask: func(t *turn, a answers) string {
					ask := msgAskDaysWorked
					if answersAs[holidaysAnswers](a).Action == ownDaysOff {
						ask = msgAskDaysOff
					}
					return fmt.Sprintf(ask.In(t.lang), orglife.MaxDayRun)
				}},
			{key: keyOwnRemove, options: h.ownRunOptions, split: splitRun(keyOwnRemove, keyOwnRemoveEnd),
				when: func(_ *turn, a answers) bool { return answersAs[holidaysAnswers](a).Action == ownDaysRemove },
				ask:  func(t *turn, _ answers) string { return msgAskRemoveOwnDays.In(t.lang) }},
		},
		finish: h.saveOwnDays,
	}}
}

// holidaysAnswers are /holidays' answers: what to do, and the first and last day of the run
// added or removed.
type holidaysAnswers struct {
	Action     string       `answer:"action"`
	First      orglife.Date `answer:"days"`
	Last       orglife.Date `answer:"days_last"`
	RemoveFrom orglife.Date `answer:"remove"`
	RemoveTo   orglife.Date `answer:"remove_last"`
}

func (h *Handlers) holidays(t *turn) error {
	return h.startFlow(t, h.flows[flowHolidays], t.branch.ID, nil)
}

// splitRun keeps a run (orglife.DayRun's form, FIRST or FIRST/LAST) as its first day under
// first and its last under last.
func splitRun(first, last string) func(a answers, value string) {
	return func(a answers, value string) {
		f, l, isRange := strings.Cut(value, "/")
		if !isRange {
			l = f
		}
		a[first], a[last] = f, l
	}
}

// flowBranch is the branch of the flow, as stored now.
func (h *Handlers) flowBranch(t *turn) (orglife.Branch, error) {
	return h.records.Branch(t.ctx, t.sess.Branch)
}

// holidayActions are 加休息日, 加工作日, and 删除 when the branch has days of its own to come.
func (h *Handlers) holidayActions(t *turn, a answers) ([]option, error) {
	opts := []option{{btnAddDaysOff.In(t.lang), ownDaysOff}, {btnAddDaysWorked.In(t.lang), ownDaysWorked}}
	runs, err := h.ownRunOptions(t, a)
	if err != nil {
		return nil, err
	}
	if len(runs) > 0 {
		opts = append(opts, option{btnRemoveOwnDays.In(t.lang), ownDaysRemove})
	}
	return opts, nil
}

// holidaysText is the branch's calendar in one message: the public calendar and its years,
// the branch's own days off and working days (those to come first), and the question.
func (h *Handlers) holidaysText(t *turn, _ answers) string {
	b, err := h.flowBranch(t)
	if err != nil {
		h.log.Warn("holidays", "branch", t.sess.Branch, "error", err)
	}
	lines := []string{fmt.Sprintf(msgHolidaysHead.In(t.lang), quote(b.Name))}
	if years := h.opts.Remind.CalendarYears; len(years) > 0 {
		names := make([]string, len(years))
		for i, y := range years {
			names[i] = fmt.Sprintf(msgHolidaysYear.In(t.lang), y)
		}
		lines = append(lines, fmt.Sprintf(msgHolidaysNational.In(t.lang), strings.Join(names, minutesSep.In(t.lang))))
	} else {
		lines = append(lines, msgHolidaysNoNational.In(t.lang))
	}
	today := h.today(t)
	lines = append(lines,
		fmt.Sprintf(msgHolidaysOwnOff.In(t.lang), runsText(b.DaysOff, today, t.lang)),
		fmt.Sprintf(msgHolidaysOwnWorked.In(t.lang), runsText(b.DaysWorked, today, t.lang)),
		msgHolidaysRule.In(t.lang), msgAskHolidaysAction.In(t.lang))
	return strings.Join(lines, "\n")
}

// runsText lists days as runs: those to come first, in order, then the past ones, latest
// first; 无 when there are none.
func runsText(days []orglife.Date, today orglife.Date, lang orglife.Lang) string {
	coming, past := splitRuns(orglife.DayRuns(days), today)
	list := func(runs []orglife.DayRun) string {
		var parts []string
		for i, r := range runs {
			if i == maxShownRuns {
				return strings.Join(parts, minutesSep.In(lang)) + fmt.Sprintf(msgHolidaysMore.In(lang), len(runs)-i)
			}
			parts = append(parts, runText(r, lang))
		}
		return strings.Join(parts, minutesSep.In(lang))
	}
	text := msgHolidaysNone.In(lang)
	if len(coming) > 0 {
		text = list(coming)
	}
	if len(past) > 0 {
		slices.Reverse(past)
		text += fmt.Sprintf(msgHolidaysPast.In(lang), list(past))
	}
	return text
}

// splitRuns parts runs into those that end today or later and those over.
func splitRuns(runs []orglife.DayRun, today orglife.Date) (coming, past []orglife.DayRun) {
	for _, r := range runs {
		if r.Last.Before(today) {
			past = append(past, r)
		} else {
			coming = append(coming, r)
		}
	}
	return coming, past
}

// runText is a day with its day of the week, or a run's first and last day.
func runText(r orglife.DayRun, lang orglife.Lang) string {
	if r.First == r.Last {
		return r.First.In(lang) + weekdayNames[r.First.Weekday()].In(lang)
	}
	return fmt.Sprintf(msgOwnRunRange.In(lang), r.First.In(lang), r.Last.In(lang))
}

// ownRunOptions are the branch's own runs of days still to come, in order, to remove.
func (h *Handlers) ownRunOptions(t *turn, _ answers) ([]option, error) {
	b, err := h.flowBranch(t)
	if err != nil {
		return nil, err
	}
	type run struct {
		orglife.DayRun
		off bool
	}
	var runs []run
	for _, off := range []bool{true, false} {
		days := b.DaysWorked
		if off {
			days = b.DaysOff
		}
		coming, _ := splitRuns(orglife.DayRuns(days), h.today(t))
		for _, r := range coming {
			runs = append(runs, run{r, off})
		}
	}
	slices.SortFunc(runs, func(a, b run) int { return strings.Compare(a.First.String(), b.First.String()) })
	var opts []option
	for _, r := range runs[:min(len(runs), maxShownRuns)] {
		label := lblOwnRunWorked
		if r.off {
			label = lblOwnRunOff
		}
		opts = append(opts, option{fmt.Sprintf(label.In(t.lang), runText(r.DayRun, t.lang)), r.String()})
	}
	return opts, nil
}

// ownDaysCheck reads a typed day or run of days from today on.
func (h *Handlers) ownDaysCheck(t *turn, _ answers, text string) (string, string) {
	today := h.today(t)
	r, err := orglife.ParseDayRun(text, today)
	switch {
	case errors.Is(err, orglife.ErrDaysBackwards):
		return "", msgOwnDaysBackwards.In(t.lang)
	case errors.Is(err, orglife.ErrDaysTooLong):
		return "", fmt.Sprintf(msgOwnDaysTooLong.In(t.lang), orglife.MaxDayRun)
	case err != nil:
		run := fmt.Sprintf("%d-%d/%d-%d", int(today.Month), today.Day, int(today.AddDays(2).Month), today.AddDays(2).Day)
		return "", fmt.Sprintf(msgOwnDaysBad.In(t.lang), shortDay(today, t.lang), run)
	case r.First.Before(today):
		return "", fmt.Sprintf(msgOwnDaysPast.In(t.lang), r.First.In(t.lang))
	}
	return r.String(), ""
}

// saveOwnDays keeps the change to the branch's own days and plans its reminders anew.
func (h *Handlers) saveOwnDays(t *turn, a answers) error {
	x := answersAs[holidaysAnswers](a)
	var done string
	change := func(b *orglife.Branch) error {
		return b.MarkDays(x.First, x.Last, x.Action == ownDaysOff, h.today(t))
	}
	switch x.Action {
	case ownDaysOff:
		done = fmt.Sprintf(msgOwnDaysOffSaved.In(t.lang), runText(orglife.DayRun{First: x.First, Last: x.Last}, t.lang))
	case ownDaysWorked:
		done = fmt.Sprintf(msgOwnDaysWorkedSaved.In(t.lang), runText(orglife.DayRun{First: x.First, Last: x.Last}, t.lang))
	case ownDaysRemove:
		change = func(b *orglife.Branch) error {
			b.UnmarkDays(x.RemoveFrom, x.RemoveTo)
			return nil
		}
		done = fmt.Sprintf(msgOwnDaysRemoved.In(t.lang), runText(orglife.DayRun{First: x.RemoveFrom, Last: x.RemoveTo}, t.lang))
	default:
		return fmt.Errorf("holidays: unknown action %q", x.Action)
	}
	b, err := h.records.ChangeOwnDays(t.ctx, t.sess.Branch, change)
	if errors.Is(err, orglife.ErrTooManyDays) {
		return h.conclude(t, fmt.Sprintf(msgOwnDaysFull.In(t.lang), orglife.MaxOwnDays))
	}
	if err != nil {
		return err
	}
	if err := h.replanBranch(t, b); err != nil {
		return err
	}
	return h.conclude(t, done)
}
