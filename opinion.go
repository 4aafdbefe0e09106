package orglife

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base32"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// 征求意见: before the meeting the branch asks the people it serves — other departments,
// non-members — for their opinions of the branch and its committee or of a member. The
// secretary opens a collection with a closing date and shares its link; whoever opens it
// leaves opinions without being named. The committee turns an opinion into a branch problem
// or a member's point, its source 群众提.

// OpinionCollection is one meeting's collection of opinions, as the secretary opened it.
// Who sent what is not part of it, nor of an Opinion: see state for how senders are counted
// while it is open, and forgotten when it closes.
type OpinionCollection struct {
	// Code is the link's code while the collection is open; it is kept beside the
	// collection, not in it, and goes when it closes (so neither a closed collection nor an
	// export carries a working link).
	Code      string `json:"-"`
	BranchID  string `json:"branch_id"`
	MeetingID string `json:"meeting_id"`
	// Closes is the last day opinions are taken; ClosesAt the end of that day in the
	// branch's zone, the moment it closes.
	Closes    Date      `json:"closes"`
	ClosesAt  time.Time `json:"closes_at"`
	CreatedBy int64     `json:"created_by"`
	CreatedAt time.Time `json:"created_at"`
}

// OpenAt reports whether the collection still takes opinions at now (its closing day not
// over). A collection closed early is closed whatever its date says (OpinionTally.Closed).
func (c OpinionCollection) OpenAt(now time.Time) bool { return now.Before(c.ClosesAt) }

// OpinionTally counts a collection: the opinions left and how many different people left
// them; Closed once the collection closed (and the means to tell senders apart are gone).
type OpinionTally struct {
	Opinions int  `json:"opinions"`
	People   int  `json:"people"`
	Closed   bool `json:"closed,omitempty"`
}

// Opinion is one opinion left through a collection's link. It names what it is about, never
// who sent it; its day is kept, not its time, so that it cannot be matched against the
// moment someone used the bot.
type Opinion struct {
	ID        string `json:"id"`
	MeetingID string `json:"meeting_id"`
	// About is the member the opinion is about; 0 for the branch and its committee.
	About int64  `json:"about,omitempty"`
	Text  string `json:"text"`
	Day   Date   `json:"day"`
	// Adopted is the id of the point (About set) or branch problem (About 0) the committee
	// made of it; "" while it was not taken up.
	Adopted   string `json:"adopted,omitempty"`
	AdoptedBy int64  `json:"adopted_by,omitempty"`
}

// The limits of a collection: an opinion's length, how many one person may leave in one
// collection, how many one link takes in all, and how long a collection may stay open.
const (
	OpinionMinRunes    = 4
	OpinionMaxRunes    = 500
	OpinionsPerSender  = 5
	OpinionsPerLink    = 200
	OpinionMaxOpenDays = 60
)

// OpinionTextProblem says what is wrong with an opinion as typed ("" when it is fine):
// "short" or "long" by its characters once trimmed, "empty" when it has no letter or
// digit at all (punctuation, emoji).
func OpinionTextProblem(s string) string {
	s = strings.TrimSpace(s)
	switch n := utf8.RuneCountInString(s); {
	case n > OpinionMaxRunes:
		return "long"
	case !strings.ContainsFunc(s, isWordRune):
		return "empty"
	case n < OpinionMinRunes:
		return "short"
	}
	return ""
}

func isWordRune(r rune) bool {
	return r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= 0x3400 && r <= 0x9fff ||
		r >= 0xf900 && r <= 0xfaff || r >= 0x20000 && r <= 0x3134f
}

// OpinionClosingProblem says what is wrong with a closing day chosen on today ("" when it
// is fine): "past" before today, "far" more than OpinionMaxOpenDays ahead.
func OpinionClosingProblem(closes, today Date) string {
	switch {
	case closes.Before(today):
		return "past"
	case today.DaysUntil(closes) > OpinionMaxOpenDays:
		return "far"
	}
	return ""
}

// OpinionSubject is how a member is named in the buttons of a collection's dialog, whose
// users may be anyone with the link: a token made from the link's secret code and the
// member's id, so that the buttons give no member's Telegram id away, and that means nothing
// once the collection closes (its code gone).
func OpinionSubject(code string, userID int64) string {
	mac := hmac.New(sha256.New, []byte(code))
	mac.Write([]byte(strconv.FormatInt(userID, 10)))
	return strings.ToLower(base32.StdEncoding.WithPadding(base32.NoPadding).EncodeToString(mac.Sum(nil)[:10]))
}
