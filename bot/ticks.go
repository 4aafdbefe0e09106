package bot

import "strings"

// A multi question's answer is its ticked values joined by ",", in the order they were
// ticked.

// tickedSet reads a multi answer.
func tickedSet(joined string) map[string]bool {
	set := map[string]bool{}
	for _, v := range strings.Split(joined, ",") {
		if v != "" {
			set[v] = true
		}
	}
	return set
}

// toggle adds value to a multi answer or takes it out.
func toggle(joined, value string) string {
	var out []string
	found := false
	for _, v := range strings.Split(joined, ",") {
		switch {
		case v == "":
		case v == value:
			found = true
		default:
			out = append(out, v)
		}
	}
	if !found {
		out = append(out, value)
	}
	return strings.Join(out, ",")
}

// ticked is the values of a multi answer, in the order they were ticked.
func (a answers) ticked(key string) []string {
	var out []string
	for _, v := range strings.Split(a[key], ",") {
		if v != "" {
			out = append(out, v)
		}
	}
	return out
}
