package bot

import (
	"errors"
	"fmt"
	"reflect"
	"slices"
	"strconv"
	"strings"

	"orglife"
)

// Leave (/leave) pauses reminders to a member; /remind nudges the people behind on a step
// now, through the scheduler's own path.

const (
	flowLeave  = "leave"
	flowRemind = "remind"
	leaveSet   = "set"
	leaveClear = "clear"
	leaveSelf  = "self"
)

func (h *Handlers) leaveCommands() []Command {
	return []Command{
		{Name: "leave", Desc: descLeave, Role: orglife.RoleMember, run: h.leave},
		{Name: "remind", Desc: descRemind, Role: orglife.RoleSecretary, run: h.remind},
	}
}

func (h *Handlers) leaveFlows() []*flow {
	return []*flow{
		{
			name: flowLeave, need: orglife.RoleMember, answers: reflect.TypeFor[leaveAnswers](),
			questions: []question{
				{key: "who", options: h.leaveWhoOptions, when: leaveForOthers,
					ask: func(t *turn, _ answers) string { return h.leaveNow(t) + msgAskLeaveWho.In(t.lang) }},
				{key: "action", ask: func(t *turn, a answers) string {
					if leaveForOthers(t, a) {
						return msgAskLeaveAction.In(t.lang)
					}
					return h.leaveNow(t) + msgAskLeaveAction.In(t.lang)
				},
					options: func(t *turn, _ answers) ([]option, error) {
						return []option{{btnLeaveSet.In(t.lang), leaveSet}, {btnLeaveClear.In(t.lang), leaveClear}}, nil
					}},
				{key: "from", typed: true, date: true, options: h.todayOption, check: h.anyDay,
					when: leaveSetting,
					ask:  func(t *turn, _ answers) string { return msgAskLeaveFrom.In(t.lang) }},
				{key: "to", typed: true, date: true, check: h.leaveEndCheck,
					when: leaveSetting,
					ask:  func(t *turn, _ answers) string { return msgAskLeaveTo.In(t.lang) }},
			},
			finish: h.saveLeave,
		},
		{
			name: flowRemind, need: orglife.RoleSecretary, answers: reflect.TypeFor[remindAnswers](),
			questions: []question{
				{key: "step", options: h.behindOptions, when: h.preparing,
					ask: func(t *turn, _ answers) string { return msgAskRemindStep.In(t.lang) }},
				{key: "item", options: h.openItemOptions, when: not(h.preparing),
					ask: func(t *turn, _ answers) string { return msgAskRemindItem.In(t.lang) }},
			},
			finish: h.queueNudge,
		},
	}
}

// leaveAnswers are /leave's answers: whose leave (a member's user id; 0 for the user's own,
// leaveSelf or not asked), whether it is set or cleared, and the days it runs.
type leaveAnswers struct {
	Who    int64        `answer:"who"`
	Action string       `answer:"action"`
	From   orglife.Date `answer:"from"`
	To     orglife.Date `answer:"to"`
}

// remindAnswers are /remind's answer: the step to nudge about before the meeting, the
// rectification item (or remindAllItems) after it.
type remindAnswers struct {
	Step orglife.StepKind `answer:"step"`
	Item string           `answer:"item"`
}

// remindAllItems is /remind's option of every open rectification item at once.
const remindAllItems = "all"

// leaveForOthers says whether the one asking is the secretary, who records leave for others
// too, so whose leave is asked.
func leaveForOthers(t *turn, _ answers) bool {
	return t.member != nil && t.member.Role == orglife.RoleSecretary
}

// leaveNow is the line /leave begins with: the leave on record that has not ended, the
// asker's own for a member, everyone's for the secretary; empty when there is none. It is
// a courtesy: a failure to read it is logged and the question asked without it.
func (h *Handlers) leaveNow(t *turn) string {
	leaves, err := h.reminders.Leaves(t.ctx, t.sess.Branch)
	if err != nil {
		h.log.Warn("leaves for /leave", "branch", t.sess.Branch, "error", err)
		return ""
	}
	today := h.today(t)
	leaves = slices.DeleteFunc(leaves, func(l orglife.Leave) bool { return l.To.Before(today) })
	if !leaveForOthers(t, nil) {
		for _, l := range leaves {
			if l.UserID == t.userID {
				return fmt.Sprintf(msgLeaveOwnNow.In(t.lang), leaveDay(l.From, today, t.lang), leaveDay(l.To, today, t.lang)) + "\n"
			}
		}
		return ""
	}
	if len(leaves) == 0 {
		return ""
	}
	members, err := h.records.Members(t.ctx, t.sess.Branch)
	if err != nil {
		h.log.Warn("members for /leave", "branch", t.sess.Branch, "error", err)
		return ""
	}
	slices.SortStableFunc(leaves, func(a, b orglife.Leave) int { return strings.Compare(a.From.String(), b.From.String()) })
	var entries []string
	for _, l := range leaves {
		if slices.ContainsFunc(members, func(m orglife.Member) bool { return m.UserID == l.UserID }) {
			entries = append(entries, fmt.Sprintf(msgLeaveNowEntry.In(t.lang), quote(orglife.MemberName(members, l.UserID, t.lang)),
				leaveDay(l.From, today, t.lang), leaveDay(l.To, today, t.lang)))
		}
	}
	if len(entries) == 0 {
		return ""
	}
	return fmt.Sprintf(msgLeaveAllNow.In(t.lang), strings.Join(entries, minutesSep.In(t.lang))) + "\n"
}

// leaveDay is a day of a leave as /leave shows it: without its year when it is today's.
func leaveDay(d, today orglife.Date, lang orglife.Lang) string {
	if d.Year != today.Year {
		return d.In(lang)
	}
	return fmt.Sprintf(msgLeaveMonthDay.In(lang), int(d.Month), d.Day)
}

// leaveSetting says whether the leave is being set, so its days are asked.
func leaveSetting(_ *turn, a answers) bool { return answersAs[leaveAnswers](a).Action == leaveSet }

func (h *Handlers) leave(t *turn) error { return h.startFlow(t, h.flows[flowLeave], t.branch.ID, nil) }

func (h *Handlers) leaveWhoOptions(t *turn, _ answers) ([]option, error) {
	members, err := h.records.Members(t.ctx, t.sess.Branch)
	if err != nil {
		return nil, err
	}
	opts := []option{{btnLeaveSelf.In(t.lang), leaveSelf}}
	for _, m := range members {
		if m.UserID != t.userID {
			opts = append(opts, option{m.Name, strconv.FormatInt(m.UserID, 10)})
		}
	}
	return opts, nil
}

func (h *Handlers) todayOption(t *turn, _ answers) ([]option, error) {
	return []option{{btnToday.In(t.lang), h.today(t).String()}}, nil
}

// anyDay reads a typed date, past or future.
func (h *Handlers) anyDay(t *turn, _ answers, text string) (string, string) {
	d, err := orglife.ParseDate(text, h.today(t))
	if err != nil {
		return "", h.badDate(t)
	}
	return d.String(), ""
}

func (h *Handlers) leaveEndCheck(t *turn, a answers, text string) (string, string) {
	to, problem := h.anyDay(t, a, text)
	if problem != "" {
		return "", problem
	}
	// ISO days order as strings; a first day not answered bounds nothing.
	if from := answersAs[leaveAnswers](a).From; !from.IsZero() && to < from.String() {
		return "", fmt.Sprintf(msgLeaveToBefore.In(t.lang), from.In(t.lang))
	}
	return to, ""
}

func (h *Handlers) saveLeave(t *turn, a answers) error {
	x := answersAs[leaveAnswers](a)
	who := t.userID
	if x.Who != 0 {
		who = x.Who
	}
	name := t.member.Name
	if who != t.userID {
		m, ok, err := h.records.Member(t.ctx, t.sess.Branch, who)
		if err != nil {
			return err
		}
		if !ok {
			return h.conclude(t, msgNotInBranch.In(t.lang))
		}
		name = m.Name
	}
	if x.Action == leaveClear {
		if err := h.reminders.ClearLeave(t.ctx, t.sess.Branch, who); err != nil {
			return err
		}
		if who == t.userID {
			return h.conclude(t, msgLeaveClearedOwn.In(t.lang))
		}
		return h.conclude(t, fmt.Sprintf(msgLeaveCleared.In(t.lang), quote(name)))
	}
	if x.From.IsZero() || x.To.IsZero() {
		return errors.New("leave: its days are not answered")
	}
	l := orglife.Leave{UserID: who, SetBy: t.userID, From: x.From, To: x.To, SetAt: h.opts.Clock.Now()}
	if err := h.reminders.SetLeave(t.ctx, t.sess.Branch, l); err != nil {
		return err
	}
	if who != t.userID {
		h.tell(t, who, func(lang orglife.Lang) string {
			return fmt.Sprintf(msgLeaveByOther.In(lang), l.From.In(lang), l.To.In(lang))
		})
	} else if t.branch != nil && t.branch.SecretaryID != 0 && t.branch.SecretaryID != t.userID {
		// The secretary plans around who is away; a leave they record themselves they know of.
		h.tell(t, t.branch.SecretaryID, func(lang orglife.Lang) string {
			return fmt.Sprintf(msgLeaveToSecretary.In(lang), quote(name), l.From.In(lang), l.To.In(lang))
		})
	}
	if who == t.userID {
		return h.conclude(t, fmt.Sprintf(msgLeaveSavedOwn.In(t.lang), l.From.In(t.lang), l.To.In(t.lang)))
	}
	return h.conclude(t, fmt.Sprintf(msgLeaveSaved.In(t.lang), quote(name), l.From.In(t.lang), l.To.In(t.lang)))
}

// remind nudges those behind: on a preparation step before the meeting, on their
// rectification items after it.
func (h *Handlers) remind(t *turn) error {
	m, ok, err := h.currentMeeting(t)
	if err != nil || !ok {
		return err
	}
	if held(m, h.today(t)) {
		items, err := h.nudgeItems(t, m)
		if err != nil {
			return err
		}
		if len(items) == 0 {
			return h.say(t.ctx, t.chatID, fmt.Sprintf(msgRemindAfter.In(t.lang), m.Date.In(t.lang)))
		}
	}
	return h.startFlow(t, h.flows[flowRemind], t.branch.ID, nil)
}

// held reports whether meeting m took place before today: its preparation is over.
func held(m orglife.Meeting, today orglife.Date) bool {
	return !m.Date.IsZero() && m.Date.Before(today)
}

// preparing says whether the meeting of /remind is still ahead (or today), so its steps are
// what may be nudged.
func (h *Handlers) preparing(t *turn, _ answers) bool {
	m, err := h.meetingOf(t)
	return err != nil || !held(m, h.today(t))
}

// not is the opposite of a question's condition.
func not(when func(*turn, answers) bool) func(*turn, answers) bool {
	return func(t *turn, a answers) bool { return !when(t, a) }
}

// nudgeItems are the rectification items of meeting m that /remind may nudge about: open, not
// yet reported done, their owner a member not on leave and not the one asking.
func (h *Handlers) nudgeItems(t *turn, m orglife.Meeting) ([]orglife.RectItem, error) {
	all, err := h.records.RectItems(t.ctx, m.BranchID, m.ID)
	if err != nil {
		return nil, err
	}
	// The members and the leaves are read once, not once an item.
	members, err := h.records.Members(t.ctx, m.BranchID)
	if err != nil {
		return nil, err
	}
	leaves, err := h.reminders.Leaves(t.ctx, m.BranchID)
	if err != nil {
		return nil, err
	}
	today := h.today(t)
	var out []orglife.RectItem
	for _, it := range all {
		owned := it.Owner != 0 && slices.ContainsFunc(members, func(mem orglife.Member) bool { return mem.UserID == it.Owner })
		if it.Open() && it.Status != orglife.RectReported && it.Owner != t.userID && owned && !orglife.OnLeave(leaves, it.Owner, today) {
			out = append(out, it)
		}
	}
	return out, nil
}

// openItemOptions are the items /remind may nudge about, each with its owner, and all of them
// at once when there are several.
func (h *Handlers) openItemOptions(t *turn, _ answers) ([]option, error) {
	m, err := h.meetingOf(t)
	if err != nil {
		return nil, err
	}
	items, err := h.nudgeItems(t, m)
	if err != nil {
		return nil, err
	}
	members, err := h.records.Members(t.ctx, m.BranchID)
	if err != nil {
		return nil, err
	}
	var opts []option
	for _, it := range items {
		label := fmt.Sprintf(msgRemindItemOption.In(t.lang), it.Number, clip(it.Measure, 12), ownerLabel(members, it.Owner, t.lang))
		opts = append(opts, option{label, it.ID})
	}
	if len(items) > 1 {
		opts = append(opts, option{fmt.Sprintf(msgRemindAllItems.In(t.lang), len(items)), remindAllItems})
	}
	return opts, nil
}

// nudgeAudience is who a nudge about step reaches now: those behind, not on leave, and not
// the person asking for it.
func (h *Handlers) nudgeAudience(t *turn, m orglife.Meeting, step orglife.StepKind) ([]int64, error) {
	behind, err := h.behind(t.ctx, m, step)
	if err != nil {
		return nil, err
	}
	b, err := h.records.Branch(t.ctx, m.BranchID)
	if err != nil {
		return nil, err
	}
	behind, err = h.notOnLeave(t.ctx, b, behind, h.opts.Clock.Now())
	return slices.DeleteFunc(behind, func(u int64) bool { return u == t.userID }), err
}

// behindOptions are the steps someone is behind on, with how many.
func (h *Handlers) behindOptions(t *turn, _ answers) ([]option, error) {
	m, err := h.meetingOf(t)
	if err != nil {
		return nil, err
	}
	var opts []option
	for _, s := range m.Steps {
		behind, err := h.nudgeAudience(t, m, s.Kind)
		if err != nil {
			return nil, err
		}
		if len(behind) > 0 {
			opts = append(opts, option{fmt.Sprintf(msgStepBehind.In(t.lang), s.Kind.Name(t.lang), len(behind)), string(s.Kind)})
		}
	}
	return opts, nil
}

// queueNudge puts a reminder due now in the scheduler's queue and wakes it up.
func (h *Handlers) queueNudge(t *turn, a answers) error {
	m, err := h.meetingOf(t)
	if err != nil {
		return err
	}
	x := answersAs[remindAnswers](a)
	if x.Item != "" {
		return h.queueItemNudges(t, m, x.Item)
	}
	step := x.Step
	behind, err := h.nudgeAudience(t, m, step)
	if err != nil {
		return err
	}
	if len(behind) == 0 {
		return h.conclude(t, msgRemindNobody.In(t.lang))
	}
	r := orglife.Reminder{
		Key: "nudge:" + m.BranchID + ":" + m.ID + ":" + string(step) + ":" + t.sess.Nonce, Kind: orglife.RemindNudge,
		BranchID: m.BranchID, MeetingID: m.ID, Step: step, DaysBefore: 0, Due: h.opts.Clock.Now(), From: t.userID,
	}
	if err := h.reminders.Add(t.ctx, r); err != nil {
		return err
	}
	if h.opts.KickReminders != nil {
		h.opts.KickReminders()
	}
	members, err := h.records.Members(t.ctx, m.BranchID)
	if err != nil {
		return err
	}
	names := make([]string, len(behind))
	for i, u := range behind {
		names[i] = quote(orglife.MemberName(members, u, t.lang))
	}
	return h.conclude(t, fmt.Sprintf(msgRemindQueued.In(t.lang), step.Name(t.lang), len(behind), strings.Join(names, minutesSep.In(t.lang))))
}

// queueItemNudges nudges the owner of one rectification item, or of every item /remind may
// nudge about, to report its progress: a reminder each, due now.
func (h *Handlers) queueItemNudges(t *turn, m orglife.Meeting, which string) error {
	items, err := h.nudgeItems(t, m)
	if err != nil {
		return err
	}
	items = slices.DeleteFunc(items, func(it orglife.RectItem) bool { return which != remindAllItems && it.ID != which })
	if len(items) == 0 {
		return h.conclude(t, msgRemindNobody.In(t.lang))
	}
	members, err := h.records.Members(t.ctx, m.BranchID)
	if err != nil {
		return err
	}
	var told []string
	for _, it := range items {
		r := orglife.Reminder{
			Key: "nudge:" + m.BranchID + ":" + m.ID + ":" + it.ID + ":" + t.sess.Nonce, Kind: orglife.RemindNudge,
			BranchID: m.BranchID, MeetingID: m.ID, ItemID: it.ID, Due: h.opts.Clock.Now(), From: t.userID,
		}
		if err := h.reminders.Add(t.ctx, r); err != nil {
			return err
		}
		if name := quote(ownerLabel(members, it.Owner, t.lang)); !slices.Contains(told, name) {
			told = append(told, name)
		}
	}
	if h.opts.KickReminders != nil {
		h.opts.KickReminders()
	}
	return h.conclude(t, fmt.Sprintf(msgRemindItemsQueued.In(t.lang), len(items), strings.Join(told, minutesSep.In(t.lang))))
}
