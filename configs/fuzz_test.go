package configs

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// FuzzLoad: Load never panics on any config file content, and every rejection is one line
// that an operator can read in a log.
func FuzzLoad(f *testing.F) {
	for _, s := range []string{
		"", "# only a comment\n", string(defaults),
		"timezone: Europe/Berlin\nlanguage: en\n",
		"telegram:\n  poll_timeout: 30\n",
		"telegram:\n  poll_timeout: 90s\n  request_timeout: 60s\n",
		"telegram:\n  tokn: x\n",
		"updates:\n  max_text: -1\n",
		"admins: [1, 2, x]\n",
		"redis:\n  url: \"redis://u:pw@host:bad/0\"\n",
		"timezone: \"Mars/Olympus\"\n",
		"meeting:\n  - {}\n",
		"a: &a [*a]\n",
		"- 1\n- 2\n",
		"key: [unclosed\n",
		"\t bad: indent\n",
		"language: !!binary aGVsbG8=\n",
		"---\nlanguage: en\n---\nlanguage: zh\n",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, content string) {
		path := filepath.Join(t.TempDir(), "orglife.yaml")
		if err := os.WriteFile(path, []byte(content), 0o600); err != nil {
			t.Fatal(err)
		}
		_, err := Load(path, nil)
		if err != nil && strings.ContainsAny(err.Error(), "\n\r") {
			t.Fatalf("Load of %q: error is not one line: %q", content, err)
		}
	})
}
