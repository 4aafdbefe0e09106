package orglife

import "time"

// Planning: which reminders a meeting or a rectification item has, and under which group
// the reminder store keeps them. The bot plans a meeting's or an item's reminders whenever
// it is made or changed; a whole branch written without the bot (restored by `orglife
// import`, or moved to another zone) is planned by PlanBranch, the same way.

// PlanOptions are the rules reminders are planned by (configs.Reminders.Rules).
type PlanOptions struct {
	Rules    ReminderRules  // time of day and the window (quiet hours, working days)
	DigestAt TimeOfDay      // the secretary's daily digest
	Location *time.Location // the zone of a branch that has not chosen its own
}

// ForBranch is opts for branch b: its reminders move by the deployment's window with the
// branch's own days off and working days (Branch.Window).
func (opts PlanOptions) ForBranch(b Branch) PlanOptions {
	opts.Rules.Window = b.Window(opts.Rules.Window)
	return opts
}

// RectHorizonDays is how far ahead an item's follow-ups are planned (they are planned again
// whenever the item changes): a good year, longer than any rectification runs.
const RectHorizonDays = 400

// MeetingGroup is the store's group of a meeting's step reminders and digests.
func MeetingGroup(m Meeting) string { return "b:" + m.BranchID + ":m:" + m.ID }

// ItemGroup is the store's group of a rectification item's follow-ups.
func ItemGroup(it RectItem) string { return "b:" + it.BranchID + ":rect:" + it.ID }

// PlanMeeting is a meeting's plan in its branch's zone loc: every step reminder, the notices
// of the day before the meeting and of its morning (PlanMeetingNotices), the reminders to
// vote while its ballot is open (PlanBallotReminders), and the
// secretary's daily digest from today (by now) to the meeting date. Reminders already past
// are planned too: the store keeps what it already had (one due but not yet sent is not
// lost), and the dispatcher weighs one that is new and late by the grace.
func PlanMeeting(m Meeting, loc *time.Location, now time.Time, opts PlanOptions) []Reminder {
	rs := PlanStepReminders(m, loc, opts.Rules)
	rs = append(rs, PlanMeetingNotices(m, loc, opts.Rules)...)
	rs = append(rs, PlanBallotReminders(m, loc, opts.Rules)...)
	rs = append(rs, PlanDigests(m, DateOf(now, loc), opts.DigestAt, loc, opts.Rules.Window)...)
	return inZone(rs, loc)
}

// PlanItem is a rectification item's plan in its branch's zone loc: its look-back reviews
// (回头看), the reminder before its deadline and the overdue reports, from today (by now)
// RectHorizonDays ahead; none for a closed item.
func PlanItem(it RectItem, loc *time.Location, now time.Time, opts PlanOptions) []Reminder {
	return inZone(PlanRectReminders(it, DateOf(now, loc), RectHorizonDays, loc, opts.Rules), loc)
}

// inZone marks planned reminders with the zone they were planned in, so that the dispatcher
// reads their quiet hours and days in the branch's zone.
func inZone(rs []Reminder, loc *time.Location) []Reminder {
	for i := range rs {
		rs[i].Zone = loc.String()
	}
	return rs
}

// GroupPlan is the whole plan of one group of the reminder store.
type GroupPlan struct {
	Group     string
	Reminders []Reminder
	Meeting   bool // a meeting's step reminders and digests, not an item's follow-ups
}

// PlanBranch is every plan of a branch as the bot would have made it: the step reminders and
// daily digests of its current meeting (a reminder of another meeting is dropped when it
// falls due anyway), and the follow-ups of every open rectification item, in whichever
// meeting (rectification goes on after the next meeting becomes current). items holds the
// branch's items of every meeting. opts are the deployment's; the branch's own days are
// added here (PlanOptions.ForBranch).
func PlanBranch(b Branch, meetings []Meeting, items []RectItem, now time.Time, opts PlanOptions) []GroupPlan {
	loc := b.Location(opts.Location)
	opts = opts.ForBranch(b)
	var plans []GroupPlan
	for _, m := range meetings {
		if m.ID == b.CurrentMeeting {
			plans = append(plans, GroupPlan{Group: MeetingGroup(m), Reminders: PlanMeeting(m, loc, now, opts), Meeting: true})
		}
	}
	for _, it := range items {
		if it.Open() {
			plans = append(plans, GroupPlan{Group: ItemGroup(it), Reminders: PlanItem(it, loc, now, opts)})
		}
	}
	return plans
}

// Planned says what a branch's planning planned.
type Planned struct {
	Meetings  int // meetings whose step reminders and digests were planned (the current one)
	Items     int // open rectification items whose follow-ups were planned
	Reminders int // reminders in those plans, past ones included
}

// Count tallies plans.
func (p *Planned) Count(g GroupPlan) {
	if g.Meeting {
		p.Meetings++
	} else {
		p.Items++
	}
	p.Reminders += len(g.Reminders)
}
