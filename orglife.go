// Package orglife holds the domain of a Party branch's special organisational-life meeting:
// branches, people and their roles, and the rules that need no I/O. It imports nothing else of the project.
package orglife
