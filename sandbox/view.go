package sandbox

import (
	"context"
	"fmt"
	"time"

	"orglife/bot/telegramtest"
)

// chatItem is one bubble of a chat as the page shows it: a message as it is now (a bot
// message with its edits), dated on the sandbox clock in the chat's zone.
type chatItem struct {
	From string `json:"from"` // "bot" or "user"
	// FromName is who wrote a user's message (the page shows it in groups).
	FromName string `json:"from_name,omitempty"`
	// Time is the message's HH:MM and Day its date, both in the zone of the chat's branch.
	Time string `json:"time"`
	Day  string `json:"day"`
	telegramtest.Message
	// DocumentURL and PhotoURL download the message's file.
	DocumentURL string `json:"document_url,omitempty"`
	PhotoURL    string `json:"photo_url,omitempty"`
}

// chatItems turns a chat's messages into bubbles: deleted ones left out, files as links
// rather than bytes.
func (s *sandbox) chatItems(msgs []telegramtest.Message, loc *time.Location) []chatItem {
	items := []chatItem{}
	for _, m := range msgs {
		if m.Deleted {
			continue
		}
		it := chatItem{From: "user", Message: m, Time: m.Date.In(loc).Format("15:04"), Day: longDay(m.Date.In(loc))}
		if m.FromBot {
			it.From = "bot"
		} else {
			it.FromName = s.userName(m.FromID)
		}
		if m.Document != nil {
			d := *m.Document
			d.Bytes = nil
			it.Document, it.DocumentURL = &d, "/api/files/"+d.ID
		}
		if m.Photo != nil {
			p := *m.Photo
			p.Bytes = nil
			it.Photo, it.PhotoURL = &p, "/api/files/"+p.ID
		}
		items = append(items, it)
	}
	return items
}

var weekdays = [...]string{"周日", "周一", "周二", "周三", "周四", "周五", "周六"}

// longDay is a date as the page's day separators show it: 2026年12月3日 周四.
func longDay(t time.Time) string {
	return fmt.Sprintf("%d年%d月%d日 %s", t.Year(), t.Month(), t.Day(), weekdays[t.Weekday()])
}

// longTime is a moment as the header shows it: 2026年12月3日 周四 15:37.
func longTime(t time.Time) string { return longDay(t) + " " + t.Format("15:04") }

// zoneOf is the zone of the branch a user works in (the one they chose, else their first),
// or the configured zone when they are in none.
func (s *sandbox) zoneOf(ctx context.Context, userID int64) *time.Location {
	id, err := s.records.ChosenBranch(ctx, userID)
	if err == nil && id == "" {
		var ids []string
		if ids, err = s.records.UserBranches(ctx, userID); len(ids) > 0 {
			id = ids[0]
		}
	}
	if err != nil || id == "" {
		return s.cfg.Location
	}
	b, err := s.records.Branch(ctx, id)
	if err != nil {
		return s.cfg.Location
	}
	return b.Location(s.cfg.Location)
}

// headerZone is the zone of the header's clock: the branch of the lowest user id in one
// (in the demo, the secretary's), or the configured zone.
func (s *sandbox) headerZone(ctx context.Context) *time.Location {
	for _, u := range s.userList() {
		if ids, err := s.records.UserBranches(ctx, u.ID); err == nil && len(ids) > 0 {
			return s.zoneOf(ctx, u.ID)
		}
	}
	return s.cfg.Location
}
