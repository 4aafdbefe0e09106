package report

import (
	"strings"
	"testing"

	"orglife"
)

// TestStudyParagraph: the study paragraph states each kind of study only when there is some,
// a collective session once with its attendance in 人次, and never a platform as a topic.
func TestStudyParagraph(t *testing.T) {
	tp := defaultTemplate(t)
	d925 := day(2023, 9, 25)
	collective := orglife.StudySession{ID: "g1", Kind: orglife.SessionCollective, Date: d925, Topic: "党章", Hours: 2, Attendance: []int64{1, 2, 3}}
	seminar := orglife.StudySession{ID: "g2", Kind: orglife.SessionSeminar, Date: d925, Topic: "党规", Hours: 1.5, Attendance: []int64{1, 2, 3, 4, 5}}
	for _, c := range []struct {
		name     string
		studies  []orglife.Study
		sessions []orglife.StudySession
		want     string
		wantNot  []string
	}{
		{
			name:     "a collective session alone",
			sessions: []orglife.StudySession{collective},
			want: "坚持把学习教育贯穿始终，采取集中学习的形式开展学习研讨，支部开展集中学习1次（参加3人次），共计2小时。" +
				"学习内容包括党章。通过学习研讨，进一步提升了从严从实开好组织生活会的思想自觉、行动自觉。",
		},
		{
			name:     "a seminar without speeches recorded",
			sessions: []orglife.StudySession{seminar, collective},
			want:     "支部开展集中学习1次（参加3人次）、专题研讨1次（参加5人次）" + "，共计3.5小时。",
			wantNot:  []string{"研讨发言", "党员个人自学"},
		},
		{
			name: "online study whose topic only names the platform",
			studies: []orglife.Study{
				{MemberID: 1, Form: orglife.StudyOnline, Topic: "学习强国专栏", Hours: 1},
				{MemberID: 2, Form: orglife.StudyOnline, Topic: "学习强国", Hours: 1, Notes: "读后感"},
			},
			want:    "采取线上学习的形式开展学习研讨，党员线上学习2人次。线上学习平台有学习强国。党员形成学习笔记1篇。通过学习研讨",
			wantNot: []string{"学习内容包括", "共计", "支部开展"},
		},
	} {
		t.Run(c.name, func(t *testing.T) {
			d := emptyData()
			d.Studies, d.Sessions = c.studies, c.sessions
			doc, err := Compile(d, tp)
			if err != nil {
				t.Fatal(err)
			}
			text := strings.Join(section(doc, wantHeadings[2]), "\n")
			if !strings.Contains(text, c.want) {
				t.Errorf("study paragraph lacks %q:\n%s", c.want, text)
			}
			for _, w := range c.wantNot {
				if strings.Contains(text, w) {
					t.Errorf("study paragraph has %q:\n%s", w, text)
				}
			}
		})
	}
}
