package bot

import (
	"strings"

	"orglife"
)

func roleOf(n int) orglife.Role { return orglife.Role(n) }

func join(s []string) string { return strings.Join(s, ",") }
