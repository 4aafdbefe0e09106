package bot

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"orglife"
)

// ReminderOptions are the rules reminders are planned and sent by.
type ReminderOptions struct {
	Rules    orglife.ReminderRules // time of day and the window (quiet hours, working days)
	DigestAt orglife.TimeOfDay     // the secretary's daily digest
	Grace    time.Duration         // how late a reminder may still go out
	// CalendarYears are the years of the public holiday calendar in Rules (reminders.calendar),
	// for /holidays to name; none when there is no calendar.
	CalendarYears []int
}

// stepCommand is the command that does a step, for the reminder's 现在填写 button.
var stepCommand = map[orglife.StepKind]string{
	orglife.StepPlan: "adopt", orglife.StepStudy: "study", orglife.StepTalks: "talk",
	orglife.StepPoints: "point", orglife.StepMaterial: "material",
}

// replan plans the reminders of a meeting anew after it was set up or its dates changed;
// re-planning is idempotent, and reminders already due stay as they were.
func (h *Handlers) replan(ctx context.Context, m orglife.Meeting) error {
	b, err := h.records.Branch(ctx, m.BranchID)
	if err != nil {
		return err
	}
	if err := h.reminders.Replan(ctx, orglife.MeetingGroup(m), orglife.PlanMeeting(m, h.zoneOf(b), h.opts.Clock.Now(), h.planOptions().ForBranch(b))); err != nil {
		return fmt.Errorf("plan reminders of meeting %s: %w", m.ID, err)
	}
	return nil
}

// planOptions are the deployment's rules reminders are planned by; a branch's reminders are
// planned by planOptions().ForBranch(b), with the branch's own days.
func (h *Handlers) planOptions() orglife.PlanOptions {
	return orglife.PlanOptions{Rules: h.opts.Remind.Rules, DigestAt: h.opts.Remind.DigestAt, Location: h.opts.Location}
}

// rulesOf are the reminder rules of branch b: the deployment's, in b's window.
func (h *Handlers) rulesOf(b orglife.Branch) orglife.ReminderRules {
	return h.planOptions().ForBranch(b).Rules
}

// WindowOf implements the scheduler's Windows: the deployment's window with the branch's own
// days off and working days. A branch gone has the deployment's (its reminders are dropped
// anyway, see Recipients).
func (h *Handlers) WindowOf(ctx context.Context, branchID string) (orglife.Window, error) {
	b, err := h.records.Branch(ctx, branchID)
	if errors.Is(err, orglife.ErrNotFound) {
		return h.opts.Remind.Rules.Window, nil
	}
	if err != nil {
		return orglife.Window{}, err
	}
	return h.rulesOf(b).Window, nil
}

// branchZone is the time zone of a branch, loaded from the records.
func (h *Handlers) branchZone(ctx context.Context, branchID string) (*time.Location, error) {
	b, err := h.records.Branch(ctx, branchID)
	if err != nil {
		return nil, err
	}
	return h.zoneOf(b), nil
}

// Recipients implements the scheduler's Audience: who is behind on the reminder's step
// now, leaving out people on leave. A reminder of a meeting no longer current, of a step
// everyone has done, or later than the grace, matters no more.
//
// A copy for one person (held over by the daily cap or the quiet hours, or asked for with
// 明天提醒我) reaches that person alone, whatever its kind.
func (h *Handlers) Recipients(ctx context.Context, r orglife.Reminder, now time.Time) ([]int64, bool, error) {
	users, matters, err := h.recipients(ctx, r, now)
	if err != nil || !matters || r.UserID == 0 {
		return users, matters, err
	}
	if !slices.Contains(users, r.UserID) {
		return nil, false, nil
	}
	return []int64{r.UserID}, true, nil
}

// digestEvery is how far apart the secretary's digests are planned (orglife.PlanDigests).
const digestEvery = 24 * time.Hour

// recipients is whom r concerns now, copies for one person aside.
func (h *Handlers) recipients(ctx context.Context, r orglife.Reminder, now time.Time) ([]int64, bool, error) {
	// Yesterday's digest is no news: a day after it was planned the next one is, and one held
	// over (the quiet hours, the bot down) would come beside it with the same figures.
	if r.Kind == orglife.RemindDigest && now.Sub(r.PlannedAt()) >= min(h.opts.Remind.Grace, digestEvery) {
		return nil, false, nil
	}
	b, err := h.records.Branch(ctx, r.BranchID)
	if errors.Is(err, orglife.ErrNotFound) {
		return nil, false, nil
	}
	if err != nil {
		return nil, false, err
	}
	if r.ItemID != "" { // rectification goes on after the next meeting becomes current
		return h.rectAudience(ctx, b, r, now)
	}
	if b.CurrentMeeting != r.MeetingID {
		return nil, false, nil
	}
	m, err := h.records.Meeting(ctx, b.ID, r.MeetingID)
	if err != nil {
		return nil, false, err
	}
	switch r.Kind {
	case orglife.RemindAnnounce:
		return h.announceAudience(ctx, b, r)
	case orglife.RemindMeetingDay:
		return h.meetingDayAudience(ctx, b, m, r, now)
	case orglife.RemindDeadlineMoved:
		return h.movedAudience(ctx, b, m, r, now)
	case orglife.RemindBallot:
		return h.ballotAudience(ctx, b, m, r, now)
	}
	var users []int64
	if r.Kind == orglife.RemindDigest {
		users, matters, err := h.digestAudience(ctx, b, m, now)
		if err != nil || !matters {
			return nil, matters, err
		}
		users, err = h.notOnLeave(ctx, b, users, now)
		return users, true, err
	}
	if r.Kind == orglife.RemindStep && h.staleReminder(b, m, r, now) {
		return nil, false, nil
	}
	behind, err := h.behind(ctx, m, r.Step)
	if err != nil || len(behind) == 0 {
		return nil, false, err
	}
	for _, u := range behind {
		if (r.UserID == 0 || r.UserID == u) && u != r.From {
			users = append(users, u)
		}
	}
	users, err = h.notOnLeave(ctx, b, users, now)
	return users, true, err
}

// notOnLeave leaves out the people of branch b on leave today (in the branch's zone).
func (h *Handlers) notOnLeave(ctx context.Context, b orglife.Branch, users []int64, now time.Time) ([]int64, error) {
	leaves, err := h.reminders.Leaves(ctx, b.ID)
	if err != nil {
		return nil, err
	}
	today := orglife.DateOf(now, h.zoneOf(b))
	var out []int64
	for _, u := range users {
		if !orglife.OnLeave(leaves, u, today) {
			out = append(out, u)
		}
	}
	return out, nil
}

// staleReminder tells a step reminder that no longer matters: it is later than the grace
// (it fell due while the bot was down), or a later reminder of the same step is due by today
// too (after an outage only the latest of them is sent, and a copy the daily cap held over
// to today gives way to the step's own reminder of today, so nobody gets both).
//
// Lateness is reckoned from the moment the window first let the reminder out, not from the
// deadline: a reminder that the weekend or a holiday carried past its deadline (the overdue
// one of a Friday deadline, sent on Monday) is not late, and is sent. The window is the
// branch's, its own days off and working days included, as the reminder was planned in it.
// A reminder planned for before its step's deadline was moved is the old deadline's.
func (h *Handlers) staleReminder(b orglife.Branch, m orglife.Meeting, r orglife.Reminder, now time.Time) bool {
	loc, rules := h.zoneOf(b), h.rulesOf(b)
	if step, ok := m.Step(r.Step); !ok || step.Outdates(r) {
		return true
	}
	if r.Late(now, loc, rules.Window, h.opts.Remind.Grace) {
		return true
	}
	// One planned for before the meeting was set up is no news: its announcement (or, for a
	// near meeting, the deadlines laid out again from today) says it all.
	if !m.CreatedAt.IsZero() && r.PlannedAt().Before(m.CreatedAt) {
		return true
	}
	for _, later := range orglife.PlanStepReminders(m, loc, rules) {
		// A copy for one person (held over, or 明天提醒我) gives way to the step's own reminder
		// of its day; a snoozed one even to a reminder as near the deadline as itself.
		if later.Step != r.Step || later.DaysBefore > r.DaysBefore || (later.DaysBefore == r.DaysBefore && !r.Snoozed()) {
			continue
		}
		at := later.PlannedAt()
		missedTogether := !at.After(now) && at.After(r.PlannedAt())
		heldOverOntoIt := r.UserID != 0 && orglife.DateOf(at, loc) == orglife.DateOf(r.PlannedAt(), loc)
		if missedTogether || heldOverOntoIt {
			return true
		}
	}
	return false
}

// behind lists who still has something to do on a step (see orglife.JudgePrep): for talks
// that leaves out whoever only waits for a partner's answer or correction, as a reminder
// would tell them nothing they can do.
func (h *Handlers) behind(ctx context.Context, m orglife.Meeting, step orglife.StepKind) ([]int64, error) {
	prep, _, err := h.prep(ctx, m)
	if err != nil {
		return nil, err
	}
	return prep.Progress()[step].Owing(), nil
}

// Remind implements the scheduler's Sender: the reminder in the person's language, with a
// button that opens the step's conversation at once.
func (h *Handlers) Remind(ctx context.Context, user int64, r orglife.Reminder) error {
	lang, err := h.language(ctx, nil, user)
	if err != nil {
		return err
	}
	m, err := h.records.Meeting(ctx, r.BranchID, r.MeetingID)
	if err != nil {
		return err
	}
	if r.ItemID != "" {
		return h.remindRect(ctx, user, r, lang)
	}
	switch r.Kind {
	case orglife.RemindAnnounce:
		return h.sendAnnouncement(ctx, m, user, lang)
	case orglife.RemindMeetingDay:
		return h.sendMeetingDay(ctx, m, user, lang)
	case orglife.RemindDeadlineMoved:
		return h.sendDeadlineMoved(ctx, m, r, user, lang)
	case orglife.RemindBallot:
		part, err := h.ballotPart(ctx, m, lang, false)
		if err != nil {
			return err
		}
		return h.sendParts(ctx, user, lang, []reminderPart{part})
	}
	if r.Kind == orglife.RemindDigest {
		return h.sendDigest(ctx, user, r, m, lang)
	}
	part, err := h.stepPart(ctx, m, r, user, lang, false)
	if err != nil {
		return err
	}
	return h.sendParts(ctx, user, lang, []reminderPart{part})
}

// reminderText is a step's reminder (what stepPart adds for the talks aside); bare leaves out the 【提醒】 tag, for a
// reminder that is one part of a message that has it already.
func (h *Handlers) reminderText(ctx context.Context, m orglife.Meeting, r orglife.Reminder, lang orglife.Lang, bare bool) (string, error) {
	step, _ := m.Step(r.Step)
	loc, err := h.branchZone(ctx, m.BranchID)
	if err != nil {
		return "", err
	}
	days := orglife.DateOf(h.opts.Clock.Now(), loc).DaysUntil(step.Deadline)
	// Polite and directive: what to finish by when, then how near that is.
	format, when := msgRemindStep, fmt.Sprintf(msgRemindDaysLeft.In(lang), days)
	switch {
	case days == 0:
		format, when = msgRemindStepToday, msgRemindToday.In(lang)
	case days < 0:
		format, when = msgRemindStepOverdue, fmt.Sprintf(msgRemindOverdue.In(lang), -days)
	}
	tag := msgRemindTag.In(lang)
	switch {
	case r.Kind == orglife.RemindNudge:
		tag = msgNudge.In(lang)
	case bare:
		tag = ""
	}
	return tag + fmt.Sprintf(format.In(lang), r.Step.Name(lang), quote(m.Title), step.Deadline.In(lang), when), nil
}

// talkDetails says what of the talks is still to do, a line each, each line after indent
// (which starts with a line break): whom to talk with (or how many more), the records to
// check and record again, the records to answer, and — only as a note in a message the
// member gets anyway — the records that wait for the other member.
func talkDetails(st orglife.StepStatus, members []orglife.Member, lang orglife.Lang, indent string) string {
	var b strings.Builder
	line := func(format Text, names []int64) {
		if len(names) > 0 {
			b.WriteString(indent + fmt.Sprintf(format.In(lang), partnerNames(members, names, lang)))
		}
	}
	line(msgRemindTalksLeft, st.Partners)
	if len(st.Partners) == 0 && st.More > 0 {
		b.WriteString(indent + fmt.Sprintf(msgRemindTalksMore.In(lang), st.More))
	}
	line(msgRemindTalksDisputed, st.Disputed)
	line(msgRemindTalksConfirm, talkRecorders(st.ToConfirm))
	line(msgRemindTalksAwaiting, st.Awaiting)
	line(msgRemindTalksCorrecting, st.Correcting)
	return b.String()
}

// talkRecorders are the recorders of talks, each once, in the order of the talks.
func talkRecorders(talks []orglife.Talk) []int64 {
	var out []int64
	for _, t := range talks {
		if !slices.Contains(out, t.RecordedBy) {
			out = append(out, t.RecordedBy)
		}
	}
	return out
}

// talkButtons are the buttons of what a member has to do on the talks: /talk to record a
// talk, /mytalks to answer the records of others (labelled answer) or, when there are none
// to answer, to correct the member's own records the partner said 有出入 about (fix).
func talkButtons(st orglife.StepStatus, talk, answer, fix string) []goButton {
	var out []goButton
	if len(st.Partners) > 0 || st.More > 0 || (len(st.ToConfirm) == 0 && len(st.Disputed) == 0 && st.Owed()) {
		out = append(out, goButton{talk, stepCommand[orglife.StepTalks]})
	}
	switch {
	case len(st.ToConfirm) > 0:
		out = append(out, goButton{answer, cmdMyTalks})
	case len(st.Disputed) > 0:
		out = append(out, goButton{fix, cmdMyTalks})
	}
	return out
}

// goData is the data of a button that opens the command cmd about meeting meetingID of
// branch branchID: pressed once that meeting is no longer current, it says so instead of
// opening the command for another meeting (see onGoButton).
func goData(cmd, branchID, meetingID string) buttonData {
	return buttonData{Kind: kindGo, Action: cmd, Branch: branchID, Meeting: meetingID}
}

// replanItem plans a rectification item's follow-ups anew after it was made or changed; a
// closed item's are dropped.
func (h *Handlers) replanItem(ctx context.Context, it orglife.RectItem) error {
	b, err := h.records.Branch(ctx, it.BranchID)
	if err != nil {
		return err
	}
	if err := h.reminders.Replan(ctx, orglife.ItemGroup(it), orglife.PlanItem(it, h.zoneOf(b), h.opts.Clock.Now(), h.planOptions().ForBranch(b))); err != nil {
		return fmt.Errorf("plan follow-ups of item %s: %w", it.ID, err)
	}
	return nil
}

// The commands a rectification follow-up's button opens.
const (
	cmdProgress = "progress"
	cmdLedger   = "ledger"
)

// rectAudience: the owner is asked for progress (reviews, the deadline) while the item is
// open and not yet reported done; the secretary hears of it once it is overdue.
func (h *Handlers) rectAudience(ctx context.Context, b orglife.Branch, r orglife.Reminder, now time.Time) ([]int64, bool, error) {
	it, err := h.records.RectItem(ctx, b.ID, r.MeetingID, r.ItemID)
	if errors.Is(err, orglife.ErrNotFound) {
		return nil, false, nil
	}
	if err != nil || !it.Open() {
		return nil, false, err
	}
	today := orglife.DateOf(now, h.zoneOf(b))
	var users []int64
	switch r.Kind {
	case orglife.RemindRectOverdue:
		if !it.Overdue(today) {
			return nil, false, nil
		}
		users = []int64{b.SecretaryID}
	default:
		if it.Status == orglife.RectReported {
			return nil, false, nil // done, awaiting the secretary's confirmation
		}
		users = []int64{it.Owner}
		if orphan, err := h.rectOrphan(ctx, it); err != nil {
			return nil, false, err
		} else if orphan { // the secretary is asked to give it a new owner
			users = []int64{b.SecretaryID}
		}
	}
	if r.UserID != 0 && !slices.Contains(users, r.UserID) {
		return nil, false, nil // a copy for someone the item is no longer theirs
	}
	if r.UserID != 0 {
		users = []int64{r.UserID}
	}
	users, err = h.notOnLeave(ctx, b, users, now)
	return users, true, err
}

// rectOrphan reports whether an item's owner is gone: anonymised by /forgetme or removed
// from the branch.
func (h *Handlers) rectOrphan(ctx context.Context, it orglife.RectItem) (bool, error) {
	if it.Owner == 0 {
		return true, nil
	}
	_, isMember, err := h.records.Member(ctx, it.BranchID, it.Owner)
	return !isMember, err
}

// remindRect sends a rectification follow-up with a button to act on it.
func (h *Handlers) remindRect(ctx context.Context, user int64, r orglife.Reminder, lang orglife.Lang) error {
	part, err := h.rectPart(ctx, r, user, lang)
	if err != nil {
		return err
	}
	return h.sendParts(ctx, user, lang, []reminderPart{part})
}

// rectPart is a rectification item's reminder to user and the button that acts on it.
func (h *Handlers) rectPart(ctx context.Context, r orglife.Reminder, user int64, lang orglife.Lang) (reminderPart, error) {
	it, err := h.records.RectItem(ctx, r.BranchID, r.MeetingID, r.ItemID)
	if err != nil {
		return reminderPart{}, err
	}
	var text, cmd string
	var btn Text
	switch r.Kind {
	case orglife.RemindRectOverdue:
		members, err := h.records.Members(ctx, r.BranchID)
		if err != nil {
			return reminderPart{}, err
		}
		text = fmt.Sprintf(msgRectOverdue.In(lang), it.Number, quote(ownerLabel(members, it.Owner, lang)), it.Deadline.In(lang), quote(it.Measure))
		if it.Owner != 0 && it.Owner == user {
			text = fmt.Sprintf(msgRectOverdueYours.In(lang), it.Number, it.Deadline.In(lang), quote(it.Measure))
		}
		cmd, btn = cmdLedger, btnLedger
	case orglife.RemindRectDeadline:
		text = fmt.Sprintf(msgRectDeadline.In(lang), it.Number, it.Deadline.In(lang), quote(it.Measure))
		cmd, btn = cmdProgress, btnReport
	case orglife.RemindNudge: // the secretary's /remind after the meeting
		text = fmt.Sprintf(msgRectNudge.In(lang), it.Number, quote(it.Measure), it.Deadline.In(lang), it.Status.Name(lang))
		cmd, btn = cmdProgress, btnReport
	default:
		text = fmt.Sprintf(msgRectReview.In(lang), it.Number, quote(it.Measure), it.Deadline.In(lang), it.Status.Name(lang))
		cmd, btn = cmdProgress, btnReport
	}
	// An item without an owner is the secretary's to give a new one (see rectAudience).
	if orphan, err := h.rectOrphan(ctx, it); err != nil {
		return reminderPart{}, err
	} else if orphan {
		if r.Kind != orglife.RemindRectOverdue {
			text = fmt.Sprintf(msgRectOrphan.In(lang), it.Number, quote(it.Measure), it.Deadline.In(lang))
		}
		cmd, btn = cmdReassign, btnReassign
	}
	act := partAct{label: btn.In(lang), cmd: cmd, branch: it.BranchID, meeting: it.MeetingID}
	if cmd == cmdProgress { // the owner's own item may wait a day; the secretary's tasks may not
		base := orglife.Reminder{Kind: r.Kind, BranchID: it.BranchID, MeetingID: it.MeetingID, ItemID: it.ID}
		act.snooze, act.deadline = &base, it.Deadline
		on := rectData(it, rectReportOn) // the report is about this item: no need to ask which
		act.on = &on
	}
	part := reminderPart{text: text, due: it.Deadline, about: []string{"item:" + it.ID}, acts: []partAct{act}}
	if r.Kind == orglife.RemindRectDeadline {
		part.weight = weightDeadline
	}
	return part, nil
}
