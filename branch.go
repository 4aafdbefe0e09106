package orglife

import "time"

// Branch is a Party branch (党支部): one group of members with one secretary.
type Branch struct {
	ID          string    `json:"id"`
	Name        string    `json:"name"`
	SecretaryID int64     `json:"secretary_id"`
	CreatedAt   time.Time `json:"created_at"`
	// CurrentMeeting is the meeting being prepared or followed up; empty before the first.
	CurrentMeeting string `json:"current_meeting,omitempty"`
	// Timezone is the IANA zone the branch's days and reminders are read in; empty means
	// the deployment's (ORGLIFE_TIMEZONE).
	Timezone string `json:"timezone,omitempty"`
	// Retention is what /forgetme does with a leaving member's answers; empty means the
	// deployment's (branch.retention).
	Retention Retention `json:"retention,omitempty"`
	// DaysOff and DaysWorked are the branch's own calendar on top of the deployment's (see
	// Branch.Window): a local holiday or a day the unit closes, and a day it works although
	// the public calendar or the week has it off. Sorted; no day is in both.
	DaysOff    []Date `json:"days_off,omitempty"`
	DaysWorked []Date `json:"days_worked,omitempty"`
	// Polish is whether the secretary turned on polishing by a language model (/polish): the
	// documents then offer 「润色」. Off by default; without a configured model it does nothing.
	Polish bool `json:"polish,omitempty"`
}

// Retention is what /forgetme does with the personal answers of a member who leaves.
type Retention string

const (
	// RetentionAnonymise keeps their points, talks and study without their name.
	RetentionAnonymise Retention = "anonymise"
	// RetentionRemove deletes their points, talks and study; what others need keeps no name.
	RetentionRemove Retention = "remove"
)

// Valid reports whether r is one of the retention settings.
func (r Retention) Valid() bool { return r == RetentionAnonymise || r == RetentionRemove }

// RetentionOr is the branch's retention setting, or fallback when it has none.
func (b Branch) RetentionOr(fallback Retention) Retention {
	if b.Retention.Valid() {
		return b.Retention
	}
	return fallback
}

// Location is the branch's time zone, or fallback when it has none (or an unknown one).
func (b Branch) Location(fallback *time.Location) *time.Location {
	if b.Timezone == "" {
		return fallback
	}
	loc, err := time.LoadLocation(b.Timezone)
	if err != nil {
		return fallback
	}
	return loc
}

// Member is a person in a branch, with the name that appears in documents.
type Member struct {
	UserID   int64     `json:"user_id"`
	Name     string    `json:"name"`
	Role     Role      `json:"role"`
	JoinedAt time.Time `json:"joined_at"`
}

// IsCommittee reports whether the member sits on the branch committee (支委); the
// secretary does.
func (m Member) IsCommittee() bool { return m.Role >= RoleCommittee }

// AnonymousName is what the records call a member who left with /forgetme while their
// answers are kept (the talks they took part in keep it as the partner's name).
const AnonymousName = "某同志"

// anonymousNames are AnonymousName as each language shows it.
var anonymousNames = [2]string{AnonymousName, "a member"}

// Anonymous is how a person is shown whom the records no longer name, in lang.
func Anonymous(lang Lang) string { return localName(anonymousNames, lang) }

// MemberName is the name of the member with id among members. A person the id no longer
// resolves to — one anonymised by /forgetme (id 0), or who has left the branch — shows as
// Anonymous, never as a bare id: the one rule of every list that names people by id.
func MemberName(members []Member, id int64, lang Lang) string {
	if id != 0 {
		for _, m := range members {
			if m.UserID == id && m.Name != "" {
				return m.Name
			}
		}
	}
	return Anonymous(lang)
}

// Invite is a deep-link code that lets a person join a branch until it expires or is
// replaced by a new one.
type Invite struct {
	Code      string    `json:"code"`
	BranchID  string    `json:"branch_id"`
	CreatedBy int64     `json:"created_by"`
	ExpiresAt time.Time `json:"expires_at"`
}

// Valid reports whether the invite can still be used at now.
func (i Invite) Valid(now time.Time) bool { return now.Before(i.ExpiresAt) }
