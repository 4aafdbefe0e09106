package orglife

// Role is what a person is in a branch; each role may do what the roles below it may.
type Role int

// The roles, lowest first. A Stranger belongs to no branch yet.
const (
	RoleStranger Role = iota
	RoleMember
	RoleCommittee
	RoleSecretary
)

// Allows reports whether a person with role r may do what needs role need.
func (r Role) Allows(need Role) bool { return r >= need }

// String names the role in code and logs.
func (r Role) String() string {
	switch r {
	case RoleMember:
		return "member"
	case RoleCommittee:
		return "committee"
	case RoleSecretary:
		return "secretary"
	default:
		return "stranger"
	}
}
