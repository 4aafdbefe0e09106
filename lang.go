package orglife

// Lang is the language a user reads the bot in.
type Lang string

// The languages orglife speaks; Chinese is the default.
const (
	LangZH Lang = "zh"
	LangEN Lang = "en"
)

// ParseLang returns the language named by s, and false when orglife does not speak it.
func ParseLang(s string) (Lang, bool) {
	switch Lang(s) {
	case LangZH, LangEN:
		return Lang(s), true
	}
	return "", false
}
