package orglife

import (
	"reflect"
	"testing"
)

func TestSplitChannel(t *testing.T) {
	for _, tc := range []struct {
		in, topic, channel string
	}{
		{"学习强国专栏", "", "学习强国"},
		{"中国干部网络学院课程", "", "中国干部网络学院"},
		{"干部网络学院", "", "中国干部网络学院"},
		{"学习强国APP", "", "学习强国"},
		{"“学习强国”学习平台", "", "学习强国"},
		{"在学习强国上学习", "", "学习强国"},
		{"共产党员网", "", "共产党员网"},
		{"学习强国上的《习近平谈治国理政》第四卷", "学习强国上的《习近平谈治国理政》第四卷", "学习强国"},
		{"党的二十大精神", "党的二十大精神", ""},
		{"《中国共产党章程》", "《中国共产党章程》", ""},
		{"", "", ""},
	} {
		topic, channel := SplitChannel(tc.in)
		if topic != tc.topic || channel != tc.channel {
			t.Errorf("SplitChannel(%q) = %q, %q; want %q, %q", tc.in, topic, channel, tc.topic, tc.channel)
		}
	}
}

func TestCanonicalChannel(t *testing.T) {
	for in, want := range map[string]string{
		"学习强国APP":      "学习强国",
		"干部网院":         "中国干部网络学院",
		"  人民日报  客户端 ": "人民日报 客户端",
		"书籍":           "书籍",
	} {
		if got := CanonicalChannel(in); got != want {
			t.Errorf("CanonicalChannel(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestTopicKey(t *testing.T) {
	for _, tc := range []struct {
		a, b string
		same bool
	}{
		{"《党章》", "党章", true},
		{"党的二十大 精神", "党的二十大精神。", true},
		{"ＡＢＣ学习", "abc学习", true},
		{"党章", "党规", false},
	} {
		if got := TopicKey(tc.a) == TopicKey(tc.b); got != tc.same {
			t.Errorf("TopicKey(%q) == TopicKey(%q) is %v", tc.a, tc.b, got)
		}
	}
}

func TestMostGiven(t *testing.T) {
	for _, tc := range []struct {
		in   []float64
		want float64
	}{
		{nil, 0},
		{[]float64{2}, 2},
		{[]float64{2, 1.5, 2}, 2},
		{[]float64{3, 1.5}, 1.5},
		{[]float64{3, 3, 1.5, 1.5, 4}, 1.5},
	} {
		if got := mostGiven(tc.in); got != tc.want {
			t.Errorf("mostGiven(%v) = %v, want %v", tc.in, got, tc.want)
		}
	}
}

func TestLegacySessions(t *testing.T) {
	d1, d2 := Date{2023, 9, 25}, Date{2023, 9, 26}
	studies := []Study{
		{ID: "s1", MemberID: 1, Form: StudyCollective, Date: d1, Topic: "《党章》", Hours: 2},
		{ID: "s2", MemberID: 2, Form: StudySelf, Date: d1, Topic: "党章", Hours: 1},
		{ID: "s3", MemberID: 2, Form: StudyCollective, Date: d1, Topic: "党章 ", Hours: 2},
		{ID: "s4", MemberID: 3, Form: StudyCollective, Date: d1, Topic: "党章", Hours: 1.5},
		{ID: "s5", MemberID: 3, Form: StudyCollective, Date: d1, Topic: "党章", Hours: 2}, // the same member again
		{ID: "s6", MemberID: 0, Form: StudyCollective, Date: d1, Topic: "党章", Hours: 2}, // anonymised
		{ID: "s7", MemberID: 0, Form: StudyCollective, Date: d1, Topic: "党章", Hours: 2}, // another
		{ID: "s8", MemberID: 1, Form: StudyCollective, Date: d2, Topic: "党章", Hours: 1}, // another day
		{ID: "s9", MemberID: 4, Form: StudyOnline, Date: d2, Topic: "学习强国", Hours: 1},   // individual
	}
	sessions, individual := LegacySessions(studies)
	want := []StudySession{
		{ID: "s1", Kind: SessionCollective, Date: d1, Topic: "《党章》", Hours: 2, Attendance: []int64{1, 2, 3, 0, 0}, RecordedBy: 1},
		{ID: "s8", Kind: SessionCollective, Date: d2, Topic: "党章", Hours: 1, Attendance: []int64{1}, RecordedBy: 1},
	}
	if !reflect.DeepEqual(sessions, want) {
		t.Errorf("sessions\n%+v\nwant\n%+v", sessions, want)
	}
	if len(individual) != 2 || individual[0].ID != "s2" || individual[1].ID != "s9" {
		t.Errorf("individual %+v", individual)
	}
}

func TestTallyStudy(t *testing.T) {
	d1, d2, d3 := Date{2023, 9, 25}, Date{2023, 9, 26}, Date{2023, 9, 27}
	for _, tc := range []struct {
		name     string
		studies  []Study
		sessions []StudySession
		want     StudyTally
	}{
		{name: "nothing", want: StudyTally{}},
		{
			name: "one collective session counts once, with its attendance in 人次",
			sessions: []StudySession{
				{ID: "a", Kind: SessionCollective, Date: d1, Topic: "党的二十大精神", Hours: 2, Attendance: []int64{1, 2, 3, 4, 5}},
			},
			want: StudyTally{Collective: 1, CollectiveAttendance: 5, SessionHours: 2, Members: 5,
				Topics: []TopicCount{{"党的二十大精神", 1}}},
		},
		{
			name: "seminar speeches are speeches, notes are notes, channels are not topics",
			sessions: []StudySession{
				{ID: "b", Kind: SessionSeminar, Date: d2, Topic: "严肃党内政治生活", Hours: 3, Attendance: []int64{1, 2, 3}, Speakers: []int64{1, 3}},
				{ID: "a", Kind: SessionCollective, Date: d1, Topic: "《党章》", Hours: 1.5, Attendance: []int64{1, 2, 0}},
			},
			studies: []Study{
				{MemberID: 2, Form: StudySelf, Topic: "党章", Notes: "读原文，悟原理"},
				{MemberID: 4, Form: StudyOnline, Topic: "学习强国专栏"},
				{MemberID: 4, Form: StudyOnline, Topic: "党的二十大报告解读", Channel: "学习强国APP", Notes: "  "},
				{MemberID: 5, Form: StudyOnline, Topic: "廉洁自律准则", Channel: "干部网院"},
			},
			want: StudyTally{Collective: 1, CollectiveAttendance: 3, Seminars: 1, SeminarAttendance: 3, Speeches: 2,
				SessionHours: 4.5, Self: 1, Online: 3, Notes: 1, Members: 5,
				Topics:   []TopicCount{{"《党章》", 2}, {"严肃党内政治生活", 1}, {"党的二十大报告解读", 1}, {"廉洁自律准则", 1}},
				Channels: []string{"学习强国", "中国干部网络学院"}},
		},
		{
			name: "legacy member-recorded collective study is one session per day and topic",
			studies: []Study{
				{ID: "s1", MemberID: 1, Form: StudyCollective, Date: d1, Topic: "党章", Hours: 2, Notes: "研讨发言要点"},
				{ID: "s2", MemberID: 2, Form: StudyCollective, Date: d1, Topic: "《党章》", Hours: 2},
				{ID: "s3", MemberID: 3, Form: StudyCollective, Date: d1, Topic: "党章", Hours: 2},
				{ID: "s4", MemberID: 1, Form: StudyCollective, Date: d3, Topic: "党规", Hours: 1},
				{ID: "s5", MemberID: 1, Form: StudySelf, Date: d3, Topic: "党规", Hours: 1},
			},
			want: StudyTally{Collective: 2, CollectiveAttendance: 4, SessionHours: 3, Self: 1, Members: 3,
				Topics: []TopicCount{{"党规", 2}, {"党章", 1}}},
		},
		{
			name: "a legacy record that repeats a recorded session adds only who it lacks",
			sessions: []StudySession{
				{ID: "a", Kind: SessionCollective, Date: d1, Topic: "党章", Hours: 2, Attendance: []int64{1, 2}},
			},
			studies: []Study{
				{ID: "s1", MemberID: 2, Form: StudyCollective, Date: d1, Topic: "党章。", Hours: 3},
				{ID: "s2", MemberID: 3, Form: StudyCollective, Date: d1, Topic: "党章", Hours: 3},
			},
			want: StudyTally{Collective: 1, CollectiveAttendance: 3, SessionHours: 2, Members: 3,
				Topics: []TopicCount{{"党章", 1}}},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			in := append([]StudySession(nil), tc.sessions...)
			got := TallyStudy(tc.studies, tc.sessions)
			if !reflect.DeepEqual(tc.sessions, in) {
				t.Fatalf("TallyStudy changed its input: %+v", tc.sessions)
			}
			if got.Empty() != (len(got.Sessions) == 0 && tc.want.Self+tc.want.Online == 0) {
				t.Errorf("Empty() = %v", got.Empty())
			}
			got.Sessions = nil
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("TallyStudy =\n%+v\nwant\n%+v", got, tc.want)
			}
		})
	}
}

func TestTallyStudySessionsByDate(t *testing.T) {
	got := TallyStudy([]Study{{ID: "s1", MemberID: 1, Form: StudyCollective, Date: Date{2023, 9, 1}, Topic: "甲"}},
		[]StudySession{{ID: "b", Date: Date{2023, 9, 9}, Topic: "乙"}, {ID: "a", Date: Date{2023, 9, 5}, Topic: "丙"}})
	var ids []string
	for _, s := range got.Sessions {
		ids = append(ids, s.ID)
	}
	if !reflect.DeepEqual(ids, []string{"s1", "a", "b"}) {
		t.Fatalf("sessions in order %v", ids)
	}
}

func TestSessionKinds(t *testing.T) {
	for _, k := range SessionKinds {
		if !k.Valid() || k.Name(LangZH) == k.Name(LangEN) {
			t.Errorf("kind %q: valid %v, names %q %q", k, k.Valid(), k.Name(LangZH), k.Name(LangEN))
		}
	}
	if SessionKind("x").Valid() {
		t.Error("an unknown kind is valid")
	}
	if !StudyCollective.Valid() || StudyCollective.Name(LangZH) != "集中学习" {
		t.Error("the retired collective form no longer reads")
	}
}
