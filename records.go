package orglife

import (
	"strings"
	"time"
	"unicode/utf8"
)

// Point is one problem a member found in self-examination (查摆问题).
type Point struct {
	ID        string    `json:"id"`
	MeetingID string    `json:"meeting_id"`
	MemberID  int64     `json:"member_id"`
	Area      Area      `json:"area"`
	Source    Source    `json:"source"`
	Problem   string    `json:"problem"`
	Cause     string    `json:"cause,omitempty"`
	Measure   string    `json:"measure,omitempty"`
	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`
	Withdrawn bool      `json:"withdrawn,omitempty"`
	// Late marks a point recorded after the 查摆问题 deadline (逾期补充), which the member
	// confirmed they still wanted to add; the secretary's lists show it.
	Late bool `json:"late,omitempty"`
}

// TalkForm is how a talk took place.
type TalkForm string

// The forms of a talk.
const (
	TalkFaceToFace TalkForm = "face"   // 面对面
	TalkPhone      TalkForm = "phone"  // 电话
	TalkOnline     TalkForm = "online" // 线上
)

// TalkForms lists the forms in menu order.
var TalkForms = []TalkForm{TalkFaceToFace, TalkPhone, TalkOnline}

var talkFormNames = map[TalkForm][2]string{
	TalkFaceToFace: {"面对面", "Face to face"},
	TalkPhone:      {"电话", "Phone"},
	TalkOnline:     {"线上", "Online"},
}

// Name is the form as users read it.
func (f TalkForm) Name(lang Lang) string { return localName(talkFormNames[f], lang) }

// Valid reports whether f is a known form.
func (f TalkForm) Valid() bool { _, ok := talkFormNames[f]; return ok }

// Confirmation is the other person's answer to a talk record.
type Confirmation string

// States of a talk record's confirmation.
const (
	ConfirmPending  Confirmation = "pending"
	ConfirmAgreed   Confirmation = "agreed"   // 确认
	ConfirmDisputed Confirmation = "disputed" // 有出入
)

// Talk is the record of one talk session (谈心谈话) between two people.
type Talk struct {
	ID        string `json:"id"`
	MeetingID string `json:"meeting_id"`
	// RecordedBy is the member who wrote the record.
	RecordedBy int64 `json:"recorded_by"`
	// With is the other member, or 0 for someone outside the bot named in WithName.
	With        int64        `json:"with,omitempty"`
	WithName    string       `json:"with_name"`
	Date        Date         `json:"date"`
	Form        TalkForm     `json:"form"`
	Raised      string       `json:"raised"`   // what I raised with them
	Received    string       `json:"received"` // what they raised with me
	Suggestions string       `json:"suggestions,omitempty"`
	Status      Confirmation `json:"status"`
	Comment     string       `json:"comment,omitempty"`
	CreatedAt   time.Time    `json:"created_at"`
	// AnsweredAt is when the partner confirmed it or marked it 有出入 (zero while pending,
	// and on talks answered before it was recorded).
	AnsweredAt time.Time `json:"answered_at,omitzero"`
	// Rev counts the recorder's edits: the partner's 确认 / 有出入 buttons carry the
	// revision they were shown, so that an answer to an older version is refused.
	Rev int `json:"rev,omitempty"`
	// Withdrawn is set when the recorder withdrew the record: it stays, with its history,
	// but counts nowhere (see LiveTalks).
	Withdrawn bool `json:"withdrawn,omitempty"`
	// History is what the recorder changed after recording it, oldest first.
	History []TalkChange `json:"history,omitempty"`
}

// Involves reports whether the member took part in the talk.
func (t Talk) Involves(member int64) bool {
	return t.RecordedBy == member || (t.With != 0 && t.With == member)
}

// StudyForm is how a member studied.
type StudyForm string

// The forms of study.
const (
	StudySelf   StudyForm = "self"   // 个人自学
	StudyOnline StudyForm = "online" // 线上学习
	// StudyCollective (集中学习) is a form members once recorded each for themselves. A
	// collective session is now one StudySession recorded by the secretary or a committee
	// member; stored records of this form are read as such sessions (LegacySessions).
	StudyCollective StudyForm = "collective"
)

// StudyForms lists the forms a member records for themselves, in menu order.
var StudyForms = []StudyForm{StudySelf, StudyOnline}

var studyFormNames = map[StudyForm][2]string{
	StudySelf:       {"个人自学", "Self-study"},
	StudyCollective: {"集中学习", "Collective study"},
	StudyOnline:     {"线上学习", "Online study"},
}

// Name is the form as users read it.
func (f StudyForm) Name(lang Lang) string { return localName(studyFormNames[f], lang) }

// Valid reports whether f is a known form.
func (f StudyForm) Valid() bool { _, ok := studyFormNames[f]; return ok }

// Study is one study record (学习研讨).
type Study struct {
	ID        string    `json:"id"`
	MeetingID string    `json:"meeting_id"`
	MemberID  int64     `json:"member_id"`
	Form      StudyForm `json:"form"`
	Date      Date      `json:"date"`
	Topic     string    `json:"topic"`
	Hours     float64   `json:"hours"`
	Notes     string    `json:"notes,omitempty"`
	// Channel is where an online study took place (学习平台/渠道: 学习强国, 中国干部网络学院…),
	// kept apart from the topic, which says what was studied; "" when not given.
	Channel   string    `json:"channel,omitempty"`
	CreatedAt time.Time `json:"created_at"`
}

// Minutes record the meeting itself.
type Minutes struct {
	Date      Date    `json:"date"`
	Attending []int64 `json:"attending"`
	Absent    []int64 `json:"absent"`
	// Expected and Present are the attendance (应到/实到) as it stood when the minutes were
	// recorded: history, which a member leaving later (/forgetme takes their id out of
	// Attending or Absent) does not rewrite. Minutes recorded before they were kept have 0.
	Expected int `json:"expected,omitempty"`
	Present  int `json:"present,omitempty"`
	// AbsentReasons are the reasons given for those absent (病假, 事假, 公差 or as typed), by
	// user id; an absentee whose reason was skipped has none.
	AbsentReasons  map[int64]string `json:"absent_reasons,omitempty"`
	LeaderName     string           `json:"leader_name,omitempty"`
	LeaderComments string           `json:"leader_comments,omitempty"`
	// Agenda are the notes on the four agenda items. The third, the guiding leader's
	// comments, is LeaderComments: /minutes asks for it once, there, and leaves Agenda[2]
	// empty (minutes recorded before may hold notes in it).
	Agenda     [4]string `json:"agenda"`
	RecordedAt time.Time `json:"recorded_at"`
}

// Attendance is the meeting's attendance as recorded: 应到 expected, 实到 present. Minutes
// recorded before the figures were kept count their ids as they are now.
func (m Minutes) Attendance() (expected, present int) {
	if m.Expected > 0 {
		return m.Expected, m.Present
	}
	return len(m.Attending) + len(m.Absent), len(m.Attending)
}

// stockPhrases are answers that name an area of weakness without saying anything concrete.
var stockPhrases = []string{
	"学习不够深入", "学习不够", "理论学习不够", "学习不深入", "不够深入", "有待提高", "有待加强",
	"不够到位", "还有差距", "存在不足", "不够", "需要加强", "政治站位不高", "工作作风不实",
	"担当不够", "作风不实", "能力不足", "本领不强",
}

// NeedsExample reports whether a problem as written is too short or only a stock phrase,
// so that the member is asked, once, for a concrete example.
func NeedsExample(problem string) bool {
	p := strings.Trim(strings.TrimSpace(problem), "。.!！；;，, ")
	if utf8.RuneCountInString(p) < 10 {
		return true
	}
	for _, s := range stockPhrases {
		if strings.ReplaceAll(p, "，", "") == s || strings.TrimPrefix(strings.TrimPrefix(p, "我"), "本人") == s {
			return true
		}
	}
	return false
}
