package state

import (
	"net/url"
	"regexp"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

// FuzzParseURL: ParseURL never panics, its error is one readable line, and it never repeats
// a password the URL carried (plain or percent-decoded), whatever else is wrong with the URL.
func FuzzParseURL(f *testing.F) {
	for _, s := range [][4]string{
		{"redis", "", "", "localhost:6379/0"},
		{"rediss", "user", "s3cr3t-pass", "localhost:6379/0"},
		{"redis", "user", "s3cr3t-pass", "localhost:notaport/0"},
		{"redis", "user", "s3cr3t-pass", "localhost:6379/notadb"},
		{"redis", "", "p%41ssw0rd%zz", "host:1"},
		{"redis+cluster", "u", "clusterpass", "a:1,b:2"},
		{"redis+cluster", "u", "clusterpass", "a:1,b"},
		{"rediss+cluster", "u", "clusterpass", "a:1/x"},
		{"redis+sentinel", "u", "sentinelpw", "s1:26379,s2:26379/mymaster/2?sentinel_password=x"},
		{"redis+sentinel", "u", "sentinelpw", "s1:26379"},
		{"redis+sentinel", "u", "sentinelpw", "s1:26379/m?%zz"},
		{"http", "u", "httppass1", "host:1"},
		{"", "", "nopassword", ""},
	} {
		f.Add(s[0], s[1], s[2], s[3])
	}
	f.Fuzz(func(t *testing.T, scheme, user, pass, rest string) {
		// A password in a URL ends at the first '@' and cannot contain '/', '?' or '#';
		// anything else is a different URL, fuzzed through rest.
		if strings.ContainsAny(pass, "@/?#") || strings.ContainsAny(user, "@/?#:") {
			pass = ""
		}
		raw := scheme + "://" + rest
		if pass != "" {
			raw = scheme + "://" + user + ":" + pass + "@" + rest
		}
		_, err := ParseURL(raw)
		if err == nil {
			return
		}
		msg := err.Error()
		// The refusal ends up in a one-line start-up error: valid UTF-8, nothing a terminal
		// would act on.
		if !utf8.ValidString(msg) || strings.ContainsFunc(msg, func(r rune) bool {
			return unicode.In(r, unicode.Cc, unicode.Cf, unicode.Zl, unicode.Zp)
		}) {
			t.Fatalf("ParseURL(%q) error %q is not one readable line", raw, msg)
		}
		// The same URL without credentials shows which text any error says anyway.
		_, errBare := ParseURL(scheme + "://" + rest)
		bare := ""
		if errBare != nil {
			bare = errBare.Error()
		}
		secrets := []string{pass}
		if dec, e := url.PathUnescape(pass); e == nil {
			secrets = append(secrets, dec)
		}
		for _, p := range secrets {
			if len(p) < 6 || strings.Contains(scheme+user+rest+bare, p) {
				continue // too short or too common to tell a leak from a coincidence
			}
			if strings.Contains(msg, p) {
				t.Fatalf("ParseURL(%q) error %q contains the password %q", raw, msg, p)
			}
		}
	})
}

// wellFormedInvite is what a deep-link invite payload must look like: a branch id (1–32 of
// [A-Za-z0-9_]), '-', a secret of 16 or more of [A-Za-z0-9_]; 64 bytes at most (Telegram's
// /start payload limit).
var wellFormedInvite = regexp.MustCompile(`^([A-Za-z0-9_]{1,32})-[A-Za-z0-9_]{16,}$`)

// FuzzParseInviteCode: parseInviteCode, which LookupInvite and SaveInvite run before touching
// Redis, never panics on a deep-link payload, accepts it exactly when it is well formed, and
// then names the branch the code starts with. Codes NewInviteCode makes for the fuzzed
// branch id, when that id is valid, are accepted.
func FuzzParseInviteCode(f *testing.F) {
	for _, s := range []string{
		"7-ABCDEFGHIJKLMNOP", "zz-abcdefghijklmnopqrstuvwxyz234567", "7-short", "-ABCDEFGHIJKLMNOP",
		"7-", "7", "", "a-b-ABCDEFGHIJKLMNOP", "7-ABCDEFGH-IJKLMNOP", "7-ABCDEFGHIJKLMNO!",
		"分会-ABCDEFGHIJKLMNOP", strings.Repeat("x", 33) + "-ABCDEFGHIJKLMNOP",
		strings.Repeat("x", 32) + "-" + strings.Repeat("A", 31), strings.Repeat("x", 32) + "-" + strings.Repeat("A", 32),
		"help", "7-ABCDEFGHIJKLMNOP\n", "7-ABCDEFGHIJKLMNOP ",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, code string) {
		id, ok := parseInviteCode(code)
		g := wellFormedInvite.FindStringSubmatch(code)
		want := g != nil && len(code) <= maxInviteCode
		if ok != want {
			t.Fatalf("parseInviteCode(%q) ok = %v, want %v", code, ok, want)
		}
		if !ok {
			if id != "" {
				t.Fatalf("parseInviteCode(%q) rejected but gave branch %q", code, id)
			}
		} else if id != g[1] {
			t.Fatalf("parseInviteCode(%q) = %q, want branch %q", code, id, g[1])
		}
		if validBranchID(code) {
			fresh := NewInviteCode(code)
			if got, ok := parseInviteCode(fresh); !ok || got != code {
				t.Fatalf("parseInviteCode(NewInviteCode(%q) = %q) = %q, %v", code, fresh, got, ok)
			}
		}
	})
}

// wellFormedOpinionCode is what an opinion link's payload must look like: yj-, a branch id
// (1–32 of [A-Za-z0-9_]), '-', and a secret of at least 16 of the same, at most 64 in all.
var wellFormedOpinionCode = regexp.MustCompile(`^yj-([A-Za-z0-9_]{1,32})-[A-Za-z0-9_]{16,}$`)

// FuzzParseOpinionCode: parseOpinionCode, which /start runs on every deep-link payload
// (IsOpinionCode) and LookupOpinions before touching Redis, never panics, accepts exactly
// the well-formed codes and names their branch; no payload is both an opinion code and an
// invite code, so a link never opens the wrong thing; codes NewOpinionCode makes are accepted.
func FuzzParseOpinionCode(f *testing.F) {
	for _, s := range []string{
		"yj-7-ABCDEFGHIJKLMNOP", "yj-zz-abcdefghijklmnopqrstuvwxyz234567", "yj-7-short", "yj--ABCDEFGHIJKLMNOP",
		"yj-7-", "yj-", "yj", "", "7-ABCDEFGHIJKLMNOP", "yj-a-b-ABCDEFGHIJKLMNOP", "YJ-7-ABCDEFGHIJKLMNOP",
		"yj-分会-ABCDEFGHIJKLMNOP", "yj-" + strings.Repeat("x", 33) + "-ABCDEFGHIJKLMNOP",
		"yj-" + strings.Repeat("x", 32) + "-" + strings.Repeat("A", 28), "yj-" + strings.Repeat("x", 32) + "-" + strings.Repeat("A", 29),
		"help", "yj-7-ABCDEFGHIJKLMNOP\n", "yj_7-ABCDEFGHIJKLMNOP", "yj-yj-7-ABCDEFGHIJKLMNOP",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, code string) {
		id, ok := parseOpinionCode(code)
		g := wellFormedOpinionCode.FindStringSubmatch(code)
		want := g != nil && len(code) <= maxInviteCode
		if ok != want {
			t.Fatalf("parseOpinionCode(%q) ok = %v, want %v", code, ok, want)
		}
		if !ok && id != "" {
			t.Fatalf("parseOpinionCode(%q) rejected but gave branch %q", code, id)
		}
		if ok && id != g[1] {
			t.Fatalf("parseOpinionCode(%q) = %q, want branch %q", code, id, g[1])
		}
		if _, invite := parseInviteCode(code); ok && invite {
			t.Fatalf("%q is both an opinion code and an invite code", code)
		}
		if IsOpinionCode(code) != ok {
			t.Fatalf("IsOpinionCode(%q) disagrees with parseOpinionCode", code)
		}
		if validBranchID(code) {
			fresh := NewOpinionCode(code)
			if got, ok := parseOpinionCode(fresh); !ok || got != code {
				t.Fatalf("parseOpinionCode(NewOpinionCode(%q) = %q) = %q, %v", code, fresh, got, ok)
			}
		}
	})
}
