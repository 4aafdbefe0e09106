package orglife

import (
	"fmt"
	"strings"
	"time"
)

// 「明天提醒我」: a person asks to hear of one item of their reminder again the next working
// day, alone of all the branch. It is offered only while that day is not past the item's
// deadline day, and a second press on the same day asks for the same reminder (its key names
// the day), so an item comes back at most once a day.

// snoozePrefix begins the key of every snoozed reminder.
const snoozePrefix = "snooze:"

// SnoozeAt is when a reminder snoozed on today comes back: at rules.At on the next working
// day. ok is false when that is after deadline's day (or there is no deadline): the item
// would come back too late to be of use.
func SnoozeAt(today, deadline Date, loc *time.Location, rules ReminderRules) (time.Time, bool) {
	loc = orUTC(loc)
	if deadline.IsZero() {
		return time.Time{}, false
	}
	at := rules.Window.place(today.AddDays(1), rules.At, loc)
	return at, !deadline.Before(DateOf(at, loc))
}

// Snooze is r asked for again by user: the same item (r's step or rectification item, with
// r's kind) for user alone at SnoozeAt; ok is false where SnoozeAt is. DaysBefore counts the
// days from then to the deadline, as a planned reminder of that day would.
func Snooze(r Reminder, user int64, deadline Date, now time.Time, loc *time.Location, rules ReminderRules) (Reminder, bool) {
	loc = orUTC(loc)
	at, ok := SnoozeAt(DateOf(now, loc), deadline, loc, rules)
	if !ok {
		return Reminder{}, false
	}
	item := string(r.Step)
	if r.ItemID != "" {
		item = r.ItemID
	}
	day := DateOf(at, loc)
	return Reminder{
		Key:  fmt.Sprintf("%s%s:%s:%s:%s:u%d", snoozePrefix, r.BranchID, r.MeetingID, item, day, user),
		Kind: r.Kind, BranchID: r.BranchID, MeetingID: r.MeetingID, Step: r.Step, ItemID: r.ItemID,
		DaysBefore: day.DaysUntil(deadline), Zone: loc.String(), UserID: user, Due: at, Planned: at,
	}, true
}

// Snoozed reports whether r was asked for again by its person (「明天提醒我」).
func (r Reminder) Snoozed() bool { return strings.HasPrefix(r.Key, snoozePrefix) }
