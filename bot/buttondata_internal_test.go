package bot

import (
	"strings"
	"testing"

	"orglife"
)

// TestButtonDataRoundTrip: every kind encodes to the bytes buttons shown before the codec
// carry (so they keep working) and reads back as the same value.
func TestButtonDataRoundTrip(t *testing.T) {
	for _, c := range []struct {
		d    buttonData
		wire string
	}{
		{buttonData{Kind: kindStep, Nonce: "rs", Step: 0, Action: "_cancel"}, "q:rs:0:_cancel"},
		{buttonData{Kind: kindStep, Nonce: "-a1", Step: 12, Action: "Asia/Urumqi"}, "q:-a1:12:Asia/Urumqi"},
		{buttonData{Kind: kindStep, Nonce: "rs", Step: 1, Action: "m1/r1"}, "q:rs:1:m1/r1"},
		{buttonData{Kind: kindStep, Nonce: "rs", Step: 2, Action: "值"}, "q:rs:2:值"},
		{memberData("1", 201, ""), "mb:1:201"},
		{memberData("1", 201, memberCommittee), "mb:1:201:c1"},
		{memberData("1", 201, memberHandOver+memberConfirm), "mb:1:201:ho!"},
		{buttonData{Kind: kindMeeting, Branch: "1", Meeting: "m1"}, "mt:1:m1"},
		{buttonData{Kind: kindCalendar, Branch: "1", Meeting: "m1"}, "ic:1:m1"},
		{buttonData{Kind: kindDigest, Branch: "1", Meeting: "m1", Record: "mj3x2k0"}, "dg:1:m1:mj3x2k0"},
		{inviteData("1", inviteRenewConfirm), "iv:1:n!"},
		{buttonData{Kind: kindInvite, Branch: "1", Action: inviteRenewConfirm, Record: "AB12CD"}, "iv:1:n!:AB12CD"},
		{pointData("1", "m1", "p1", pointWithdrawConfirm), "pt:1:m1:p1:w!"},
		{studyData("1", "m1", "s9", studyDeleteConfirm), "sd:1:m1:s9:d!"},
		{buttonData{Kind: kindTalk, Branch: "1", Meeting: "m1", Record: "t1", Action: talkListDispute}, "tc:1:m1:t1:lno"},
		{buttonData{Kind: kindTalk, Branch: "1", Meeting: "m1", Record: "t1", Action: talkAgree, Rev: 12}, "tc:1:m1:t1:ok:12"},
		{buttonData{Kind: kindTalk, Branch: "1", Meeting: "m1", Record: "t1", Action: talkWithdrawConfirm}, "tc:1:m1:t1:w!"},
		{buttonData{Kind: kindRect, Branch: "1", Meeting: "m1", Record: "r1", Action: rectReopen}, "rc:1:m1:r1:no"},
		{buttonData{Kind: kindRect, Branch: "1", Meeting: "m1", Record: "r1", Action: rectReportOn}, "rc:1:m1:r1:p"},
		{buttonData{Kind: kindReport, Branch: "1", Meeting: "m1", Action: reportLedger, Format: formatXLSX}, "rp:1:m1:l:xlsx"},
		{buttonData{Kind: kindReport, Branch: "1", Meeting: "m1", Action: reportBranchProblems, Format: formatDOCX}, "rp:1:m1:b:docx"},
		{buttonData{Kind: kindPolish, Branch: "1", Meeting: "m1", Action: polishReport}, "pl:1:m1:r"},
		{buttonData{Kind: kindPolish, Branch: "1", Meeting: "m1", Action: polishMaterial}, "pl:1:m1:m"},
		{goData(cmdProgress, "", ""), "go:progress"},
		{goData(cmdProgress, "1", "m1"), "go:progress:1:m1"},
		{buttonData{Kind: kindBranchProblem, Branch: "1", Meeting: "m1", Record: "b4", Action: bpRemoveConfirm}, "bp:1:m1:b4:x!"},
		{buttonData{Kind: kindBranchProblem, Branch: "1", Meeting: "m1", Record: proposalRecord(orglife.AreaTheory), Action: bpConfirm}, "bp:1:m1:a1:c"},
		{buttonData{Kind: kindBallot, Branch: "1", Meeting: "m1", Record: "Ab3_-x9Qz0Lk"}, "bv:1:m1:Ab3_-x9Qz0Lk"},
	} {
		got, err := c.d.encode()
		if err != nil || got != c.wire {
			t.Errorf("%+v encodes as %q, %v; want %q", c.d, got, err, c.wire)
			continue
		}
		back, ok := parseButtonData(got)
		if !ok || back != c.d {
			t.Errorf("%q reads back as %+v, %v; want %+v", got, back, ok, c.d)
		}
	}
}

// TestButtonDataRefused: data of the wrong kind, arity or shape, and data over 64 bytes, is
// refused by the parser, and a value that would make such data cannot be encoded.
func TestButtonDataRefused(t *testing.T) {
	long := strings.Repeat("x", 30)
	for _, data := range []string{
		"", "q", "q:", "q:::", "q:rs:0", "q:rs:0:", "q:rs:0:a:b", "q:rs:-1:x", "q:rs:+1:x", "q:rs:01:x",
		"q:rs:99999999999999999999:x", "q:r s:0:x", "q::0:x", "q:rs:0:\xff",
		"mb", "mb:1", "mb:1:201:", "mb:1:201:x", "mb:1:201:c1:extra", "mb:1:0", "mb:1:-201", "mb:1:+201", "mb:1:0201",
		"mb:1:9223372036854775808", "mb:１:２０１", "mb:1:NaN",
		"mt:1", "mt:1:m1:x", "mt:1:m/1",
		"pt:1:m1:p1", "pt:1:m1:p1:d", "pt:1:m1:p1:e:extra",
		"sd:1:m1:s1", "sd:1:m1:s1:w", "sd:1:m1:s1:d!:extra", "sd:1:m1::e",
		"tc:1:m1:t1:yes", "tc:1:t1:ok", "tc:1:m1:t1:ok:", "tc:1:m1:t1:ok:0", "tc:1:m1:t1:ok:01", "tc:1:m1:t1:ok:-1", "tc:1:m1:t1:ok:1:2", "rc:1:m1:r1", "rc:1:m1:r1:yes",
		"rp:1:m1:p:pdf", "rp:1:m1:x:docx", "rp:1:m1:p:docx:" + long,
		"pl:1:m1", "pl:1:m1:x", "pl:1:m1:r:docx", "pl:1::r", "pl:1:m/1:r",
		"go", "go:", "go:a:b:", "go:a::m1", "go:a:b:c:d", "go:帮助", "go:point:1:m/1",
		"dg:1:m1", "dg:1:m1:x:y", "dg:1:m1:", "dg:1:m1:a.b",
		"iv", "iv:1", "iv:1:", "iv:1:x", "iv:1:n!:", "iv:1:n!:a/b", "iv:1:n!:ab:c", "iv::n", "iv:1/2:n",
		"cf:1:m2:m1", "cf:1:m2:m1:x", "cf:1:m2:m1:k:extra",
		"bp:1:m1:b1", "bp:1:m1:b1:r", "bp:1:m1:b1:x!:extra", "bp:1:m1::o", "bp:1:m1:b/1:o", "bp:1:m1:0:r2",
		"bv:1:m1", "bv:1:m1:", "bv:1:m1:a+b", "bv:1:m1:ab:ok", "bv:1:m1:ab/c", "bv::m1:ab",
		"xx:1", "admin:drop", "Q:rs:0:x", ":::", strings.Repeat(":", 65),
		"pt:" + long + ":" + long + ":p1:e",
	} {
		if d, ok := parseButtonData(data); ok {
			t.Errorf("parseButtonData(%q) = %+v, want it refused", data, d)
		}
	}
	for _, d := range []buttonData{
		{Kind: "xx"},
		{Kind: kindStep, Nonce: "rs", Action: "a:b"},
		{Kind: kindStep, Nonce: "rs", Action: ""},
		{Kind: kindStep, Nonce: "", Action: "x"},
		{Kind: kindStep, Nonce: "rs", Step: -1, Action: "x"},
		{Kind: kindStep, Nonce: "rs", Action: strings.Repeat("长", 20)},
		memberData("1", 0, ""),
		memberData("1:2", 201, ""),
		memberData("1", 201, "x"),
		pointData("1", "m1", "p1", ""),
		pointData(long, long, "p1", pointEdit),
		{Kind: kindReport, Branch: "1", Meeting: "m1", Action: reportProblems, Format: "pdf"},
		goData("", "", ""),
		goData(cmdProgress, "", "m1"), // a meeting without its branch
	} {
		if data, err := d.encode(); err == nil {
			t.Errorf("%+v encoded as %q (%d bytes), want an error", d, data, len(data))
		}
	}
}

// TestButtonArity: each kind takes exactly its layout's number of fields (less its optional
// ones), no fewer and no more.
func TestButtonArity(t *testing.T) {
	valid := map[buttonKind]string{kindStep: "q:rs:0:x", kindMember: "mb:1:201:rm", kindMeeting: "mt:1:m1",
		kindPoint: "pt:1:m1:p1:e", kindTalk: "tc:1:m1:t1:ok:3", kindRect: "rc:1:m1:r1:ok", kindReport: "rp:1:m1:p:docx",
		kindGo: "go:point:1:m1", kindBranchProblem: "bp:1:m1:b1:o", kindCalendar: "ic:1:m1", kindSnooze: "sz:1:m1:points:s",
		kindDigest: "dg:1:m1:mj3x2k0", kindInvite: "iv:1:n!:AB12CD", kindStudy: "sd:1:m1:s1:e", kindCarry: "cf:1:m2:m1:q", kindPolish: "pl:1:m1:r", kindOpinion: "op:1:m1:o1:a",
		kindBallot: "bv:1:m1:Ab3_-x9Qz0Lk"}
	for kind, l := range buttonLayouts {
		data, ok := valid[kind]
		if !ok {
			t.Errorf("kind %q has no case here", kind)
			continue
		}
		fields := strings.Split(data, ":")[1:]
		if len(fields) != len(l.slots) {
			t.Errorf("kind %q: the case has %d fields, the layout %d", kind, len(fields), len(l.slots))
		}
		for n := 0; n <= len(fields)+1; n++ {
			parts := append([]string{string(kind)}, fields[:min(n, len(fields))]...)
			if n > len(fields) {
				parts = append(parts, fields[len(fields)-1])
			}
			_, ok := parseButtonData(strings.Join(parts, ":"))
			if want := n <= len(fields) && n >= len(fields)-l.optional; ok != want {
				t.Errorf("kind %q with %d fields: accepted %v, want %v", kind, n, ok, want)
			}
		}
	}
}
