package orglife

import (
	"cmp"
	"slices"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// SessionKind is the kind of a collective study session.
type SessionKind string

// The kinds of collective study.
const (
	SessionCollective SessionKind = "collective" // 集中学习
	SessionSeminar    SessionKind = "seminar"    // 专题研讨
)

// SessionKinds lists the kinds in menu order.
var SessionKinds = []SessionKind{SessionCollective, SessionSeminar}

var sessionKindNames = map[SessionKind][2]string{
	SessionCollective: {"集中学习", "Collective study"},
	SessionSeminar:    {"专题研讨", "Seminar"},
}

// Name is the kind as users read it.
func (k SessionKind) Name(lang Lang) string { return localName(sessionKindNames[k], lang) }

// Valid reports whether k is a known kind.
func (k SessionKind) Valid() bool { _, ok := sessionKindNames[k]; return ok }

// StudySession is one collective study event (集中学习, 专题研讨) of a meeting's study step,
// recorded once by the secretary or a committee member with who attended. Members record
// only their individual study (Study).
type StudySession struct {
	ID        string      `json:"id"`
	MeetingID string      `json:"meeting_id"`
	Kind      SessionKind `json:"kind"`
	Date      Date        `json:"date"`
	Topic     string      `json:"topic"`
	Hours     float64     `json:"hours"`
	// Attendance is the members present, by user id; 0 stands for one who left the branch
	// and was anonymised (/forgetme), so that the count stays true.
	Attendance []int64 `json:"attendance"`
	// Speakers are those present who gave a discussion speech (研讨发言), asked for a
	// seminar only; 0 as in Attendance.
	Speakers   []int64   `json:"speakers,omitempty"`
	RecordedBy int64     `json:"recorded_by"`
	CreatedAt  time.Time `json:"created_at"`
}

// Attended reports whether the member was present.
func (s StudySession) Attended(member int64) bool { return slices.Contains(s.Attendance, member) }

// TopicKey is a topic as it is compared: full-width folded, lower case, without spaces,
// punctuation or symbols, so that 《党章》 and 党章 are one topic.
func TopicKey(topic string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) || unicode.IsPunct(r) || unicode.IsSymbol(r) {
			return -1
		}
		return unicode.ToLower(r)
	}, FoldWidth(topic))
}

// studyChannels are the platforms members name, each with the names it goes by; the first
// is how the report writes it.
var studyChannels = [][]string{
	{"学习强国", "学习强国app", "学习强国平台", "强国app"},
	{"中国干部网络学院", "干部网络学院", "干部网院"},
	{"共产党员网", "共产党员网站"},
}

// channelFiller is what people write around a platform's name that says nothing of what
// they studied (学习强国专栏, 干部网络学院课程).
var channelFiller = []string{"专栏", "课程", "平台", "app", "网课", "在线", "线上", "学习", "栏目", "频道", "上", "在", "的", "中国"}

// knownChannel is the platform a text names, if any, and the text without the name.
func knownChannel(text string) (channel, rest string, ok bool) {
	key := TopicKey(text)
	for _, names := range studyChannels {
		// Longer names first, so that 学习强国app is not left with "app".
		for _, n := range slices.SortedFunc(slices.Values(names), func(a, b string) int { return cmp.Compare(len(b), len(a)) }) {
			if strings.Contains(key, n) {
				return names[0], strings.Replace(key, n, "", 1), true
			}
		}
	}
	return "", "", false
}

// SplitChannel separates a platform typed as the topic: a topic that only names a known
// platform (学习强国专栏, 中国干部网络学院课程) is a channel, not a topic, and comes back as
// channel with topic "". Any other topic comes back as it is, with the platform it names,
// if any, as channel.
func SplitChannel(topic string) (string, string) {
	channel, rest, ok := knownChannel(topic)
	if !ok {
		return topic, ""
	}
	for _, f := range channelFiller {
		rest = strings.ReplaceAll(rest, f, "")
	}
	if utf8.RuneCountInString(rest) < 2 {
		return "", channel
	}
	return topic, channel
}

// CanonicalChannel is a channel as the report lists it: a known platform by its own name
// (学习强国APP → 学习强国), anything else on one line as typed.
func CanonicalChannel(channel string) string {
	if c, _, ok := knownChannel(channel); ok {
		return c
	}
	return strings.Join(strings.Fields(channel), " ")
}

// LegacySessions reads study records of the retired member-recorded form StudyCollective
// as the sessions they stand for: the records of one day with the same topic (TopicKey)
// are one session, attended by those who recorded it, lasting the hours most of them gave
// (the shorter on a tie). It returns those sessions in order of their first record, and
// the other records — the individual study — as they were.
func LegacySessions(studies []Study) (sessions []StudySession, individual []Study) {
	type key struct {
		date  Date
		topic string
	}
	index := map[key]int{}
	hours := map[int][]float64{}
	for _, s := range studies {
		if s.Form != StudyCollective {
			individual = append(individual, s)
			continue
		}
		k := key{s.Date, TopicKey(s.Topic)}
		i, seen := index[k]
		if !seen {
			i = len(sessions)
			index[k] = i
			sessions = append(sessions, StudySession{ID: s.ID, MeetingID: s.MeetingID, Kind: SessionCollective,
				Date: s.Date, Topic: s.Topic, RecordedBy: s.MemberID, CreatedAt: s.CreatedAt})
		}
		// An anonymised recorder (0) is one more person present; a member who recorded the
		// same session twice is one.
		if s.MemberID == 0 || !sessions[i].Attended(s.MemberID) {
			sessions[i].Attendance = append(sessions[i].Attendance, s.MemberID)
		}
		hours[i] = append(hours[i], s.Hours)
	}
	for i := range sessions {
		sessions[i].Hours = mostGiven(hours[i])
	}
	return sessions, individual
}

// mostGiven is the value given most often, the smaller on a tie; 0 for none.
func mostGiven(values []float64) float64 {
	sorted := slices.Sorted(slices.Values(values))
	best, bestN := 0.0, 0
	for i := 0; i < len(sorted); {
		j := i
		for j < len(sorted) && sorted[j] == sorted[i] {
			j++
		}
		if j-i > bestN {
			best, bestN = sorted[i], j-i
		}
		i = j
	}
	return best
}

// TopicCount is a topic studied and how many sessions and records name it.
type TopicCount struct {
	Topic string
	Count int
}

// StudyTally is the study step counted honestly: a collective session once, with its
// attendance in 人次; individual study one per record; topics apart from channels; notes
// (学习笔记) apart from speeches (研讨发言).
type StudyTally struct {
	// Sessions are the collective sessions — those recorded and those read from legacy
	// records — by date, then as recorded.
	Sessions             []StudySession
	Collective           int // 集中学习 sessions
	CollectiveAttendance int // people present at them, in 人次
	Seminars             int // 专题研讨 sessions
	SeminarAttendance    int
	Speeches             int     // discussion speeches given at the sessions, in 人次
	SessionHours         float64 // the sessions' hours, each session counted once
	Self, Online         int     // individual study records (个人自学, 线上学习), in 人次
	Notes                int     // individual records with notes (学习笔记)
	// Members is how many members took part, present at a session or studying alone;
	// anonymised ones (id 0) are not counted.
	Members  int
	Topics   []TopicCount // what was studied, most named first, then as first named
	Channels []string     // where online study took place, most named first
}

// Empty reports whether nothing of the study step is recorded.
func (t StudyTally) Empty() bool { return len(t.Sessions) == 0 && t.Self+t.Online == 0 }

// TallyStudy counts a meeting's study from the sessions the secretary or committee
// recorded and the members' own records. Legacy collective records (LegacySessions) are
// read as sessions; one that repeats a recorded session (same day and topic) adds only the
// members it names that the session lacks.
func TallyStudy(studies []Study, sessions []StudySession) StudyTally {
	legacy, individual := LegacySessions(studies)
	all := slices.Clone(sessions)
	for _, l := range legacy {
		i := slices.IndexFunc(all, func(s StudySession) bool { return s.Date == l.Date && TopicKey(s.Topic) == TopicKey(l.Topic) })
		if i < 0 {
			all = append(all, l)
			continue
		}
		for _, id := range l.Attendance {
			if id == 0 || !all[i].Attended(id) {
				all[i].Attendance = append(slices.Clip(all[i].Attendance), id)
			}
		}
	}
	slices.SortStableFunc(all, func(a, b StudySession) int { return cmp.Compare(a.Date.String(), b.Date.String()) })

	var t StudyTally
	t.Sessions = all
	members := map[int64]bool{}
	topics := newCounter()
	channels := newCounter()
	for _, s := range all {
		switch s.Kind {
		case SessionSeminar:
			t.Seminars++
			t.SeminarAttendance += len(s.Attendance)
		default:
			t.Collective++
			t.CollectiveAttendance += len(s.Attendance)
		}
		t.Speeches += len(s.Speakers)
		t.SessionHours += s.Hours
		for _, id := range s.Attendance {
			members[id] = true
		}
		topic, _ := SplitChannel(s.Topic)
		topics.add(topic)
	}
	for _, s := range individual {
		switch s.Form {
		case StudyOnline:
			t.Online++
		default:
			t.Self++
		}
		if strings.TrimSpace(s.Notes) != "" {
			t.Notes++
		}
		members[s.MemberID] = true
		topic, channel := SplitChannel(s.Topic)
		topics.add(topic)
		if s.Channel != "" {
			channel = s.Channel
		}
		channels.add(CanonicalChannel(channel))
	}
	delete(members, 0)
	t.Members = len(members)
	t.Topics = topics.ranked()
	for _, c := range channels.ranked() {
		t.Channels = append(t.Channels, c.Topic)
	}
	return t
}

// counter counts texts by TopicKey, keeping each as first written.
type counter struct {
	index map[string]int
	items []TopicCount
}

func newCounter() *counter { return &counter{index: map[string]int{}} }

func (c *counter) add(text string) {
	text = strings.Join(strings.Fields(text), " ")
	k := TopicKey(text)
	if k == "" {
		return
	}
	i, ok := c.index[k]
	if !ok {
		i = len(c.items)
		c.index[k] = i
		c.items = append(c.items, TopicCount{Topic: text})
	}
	c.items[i].Count++
}

// ranked is the texts, most counted first, then as first added.
func (c *counter) ranked() []TopicCount {
	out := slices.Clone(c.items)
	slices.SortStableFunc(out, func(a, b TopicCount) int { return cmp.Compare(b.Count, a.Count) })
	return out
}
