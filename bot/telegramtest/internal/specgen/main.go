// Command specgen turns the machine-readable Bot API descriptions into the compact
// spec.json that package telegramtest embeds to check every request it receives.
//
// Run it from the repository root:
//
//	go run ./bot/telegramtest/internal/specgen
//
// It reads api-5.5.json (the version tgbotapi v5.5.1 was written for) and api.json
// (the current Bot API) and merges them, so a parameter either version knows is
// accepted, and a parameter is required only if every version that knows the
// method requires it.
package main

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"log"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
)

// input is one spec file to merge; label is used when the file carries no
// "version" field (the 2021 format did not).
type input struct{ file, label string }

// source is the upstream description as published by PaulSonOfLars/telegram-bot-api-spec.
type source struct {
	Version string                  `json:"version"`
	Methods map[string]sourceMethod `json:"methods"`
}

type sourceMethod struct {
	Returns []string      `json:"returns"`
	Fields  []sourceField `json:"fields"`
}

type sourceField struct {
	Name     string   `json:"name"`
	Types    []string `json:"types"`
	Required bool     `json:"required"`
}

// Method and Field are the compact output; telegramtest decodes the same shape.
type Method struct {
	Versions []string `json:"versions"`
	Returns  []string `json:"returns,omitempty"`
	Fields   []*Field `json:"fields"`
}

type Field struct {
	Name     string   `json:"name"`
	Types    []string `json:"types"`
	Required bool     `json:"required"`
	Versions []string `json:"versions"`
	// requiredIn counts the versions that mark the field required.
	requiredIn int
}

func main() {
	specDir := flag.String("spec", "../shared/telegram-bot-api-spec", "directory holding api.json, api-5.5.json and LICENSE")
	outDir := flag.String("out", "bot/telegramtest", "directory to write spec.json and SPEC_LICENSE into")
	flag.Parse()
	if err := run(*specDir, *outDir); err != nil {
		log.Fatal(err)
	}
}

func run(specDir, outDir string) error {
	inputs := []input{{"api-5.5.json", "5.5"}, {"api.json", ""}} // oldest first
	var versions []string
	methods := map[string]*Method{}
	methodVersions := map[string]int{}
	for _, in := range inputs {
		src, err := load(filepath.Join(specDir, in.file))
		if err != nil {
			return err
		}
		version := versionLabel(src.Version, in.label)
		versions = append(versions, version)
		merge(methods, methodVersions, src, version)
	}
	finishRequired(methods, methodVersions)
	out, err := encode(versions, methods)
	if err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(outDir, "spec.json"), out, 0o644); err != nil {
		return err
	}
	license, err := os.ReadFile(filepath.Join(specDir, "LICENSE"))
	if err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(outDir, "SPEC_LICENSE"), license, 0o644)
}

func load(path string) (*source, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var src source
	if err := json.Unmarshal(data, &src); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return &src, nil
}

// versionLabel turns "Bot API 10.1" into "10.1".
func versionLabel(version, fallback string) string {
	if version == "" {
		return fallback
	}
	return strings.TrimPrefix(version, "Bot API ")
}

func merge(methods map[string]*Method, methodVersions map[string]int, src *source, version string) {
	for name, sm := range src.Methods {
		m := methods[name]
		if m == nil {
			m = &Method{}
			methods[name] = m
		}
		m.Versions = append(m.Versions, version)
		m.Returns = sm.Returns
		methodVersions[name]++
		for _, sf := range sm.Fields {
			f := fieldNamed(m, sf.Name)
			f.Types = union(f.Types, sf.Types)
			f.Versions = append(f.Versions, version)
			if sf.Required {
				f.requiredIn++
			}
		}
	}
}

func fieldNamed(m *Method, name string) *Field {
	for _, f := range m.Fields {
		if f.Name == name {
			return f
		}
	}
	f := &Field{Name: name}
	m.Fields = append(m.Fields, f)
	return f
}

// finishRequired marks a field required only when every version that knows the
// method requires it: a request valid for either version must pass.
func finishRequired(methods map[string]*Method, methodVersions map[string]int) {
	for name, m := range methods {
		for _, f := range m.Fields {
			f.Required = f.requiredIn == methodVersions[name]
		}
	}
}

func union(a, b []string) []string {
	for _, s := range b {
		if !contains(a, s) {
			a = append(a, s)
		}
	}
	return a
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// encode writes one method per line so that a regenerated file diffs readably.
func encode(versions []string, methods map[string]*Method) ([]byte, error) {
	sort.Slice(versions, func(i, j int) bool { return versionLess(versions[i], versions[j]) })
	names := make([]string, 0, len(methods))
	for name := range methods {
		names = append(names, name)
	}
	sort.Strings(names)

	var buf bytes.Buffer
	head, err := json.Marshal(versions)
	if err != nil {
		return nil, err
	}
	fmt.Fprintf(&buf, "{\"source\":%q,\n\"versions\":%s,\n\"methods\":{\n",
		"github.com/PaulSonOfLars/telegram-bot-api-spec (MIT, see SPEC_LICENSE); generated by internal/specgen", head)
	for i, name := range names {
		line, err := json.Marshal(methods[name])
		if err != nil {
			return nil, err
		}
		sep := ","
		if i == len(names)-1 {
			sep = ""
		}
		fmt.Fprintf(&buf, "%q:%s%s\n", name, line, sep)
	}
	buf.WriteString("}}\n")
	return buf.Bytes(), nil
}

func versionLess(a, b string) bool {
	pa, pb := strings.Split(a, "."), strings.Split(b, ".")
	for i := 0; i < len(pa) && i < len(pb); i++ {
		x, _ := strconv.Atoi(pa[i])
		y, _ := strconv.Atoi(pb[i])
		if x != y {
			return x < y
		}
	}
	return len(pa) < len(pb)
}
