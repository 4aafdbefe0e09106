package orglife

import "testing"

func TestMeetingForm(t *testing.T) {
	for _, c := range []struct {
		form   MeetingForm
		valid  bool
		zh, en string
		who    string
	}{
		{FormGeneral, true, "党员大会", "General meeting of members", "党员"},
		{FormCommittee, true, "支部委员会", "Branch committee meeting", "支委"},
		{FormGroup, true, "党小组会", "Party group meeting", "党员"},
		{"", false, "党员大会", "General meeting of members", "党员"},
		{"plenary", false, "党员大会", "General meeting of members", "党员"},
	} {
		if got := c.form.Attendees(LangZH); got != c.who {
			t.Errorf("%q.Attendees(zh) = %q, want %q", c.form, got, c.who)
		}
		if got := c.form.Valid(); got != c.valid {
			t.Errorf("%q.Valid() = %v, want %v", c.form, got, c.valid)
		}
		if got := c.form.Name(LangZH); got != c.zh {
			t.Errorf("%q.Name(zh) = %q, want %q", c.form, got, c.zh)
		}
		if got := c.form.Name(LangEN); got != c.en {
			t.Errorf("%q.Name(en) = %q, want %q", c.form, got, c.en)
		}
	}
	if len(MeetingForms) != 3 || MeetingForms[0] != FormGeneral {
		t.Errorf("MeetingForms = %v, want three with 党员大会 first", MeetingForms)
	}
}
