package report

import (
	"errors"
	"fmt"
	"slices"
	"strings"

	"orglife"
)

// Traceable text. A member's 对照检查材料 states facts about them — a problem they recorded,
// what a comrade raised in a talk, a measure and its deadline — and each such sentence must
// say where it comes from, so that the member can check it against their records before
// they sign. A block of the material is therefore written as Sentences, each a unit of text
// with its sources: WriteDOCX puts each source-carrying sentence under a Word comment
// 「来源：查摆问题 #2，2026-12-05」, which the member deletes when they have checked it, and
// CheckTrace refuses a factual sentence with no source.
//
// The unit is meant to outlive rewording: a later step (the polishing of the draft) may
// rewrite a Sentence's Text, but it keeps Sources and Factual as they are, so the trace
// stays with the sentence whatever its wording.

// SourceKind is the kind of record a sentence comes from.
type SourceKind int

// The kinds of source.
const (
	SourcePoint        SourceKind = iota + 1 // 查摆问题: one of the member's points of this meeting
	SourceTalk                               // 谈心谈话: a talk the member took part in
	SourceItem                               // 整改台账: a rectification item of this meeting
	SourceStudy                              // 学习记录: an individual study record
	SourceSession                            // 学习研讨: a collective session (集中学习, 专题研讨) attended
	SourceMeeting                            // 会议安排: the meeting itself (its title, theme)
	SourceEarlierPoint                       // 上次查摆问题: a point of the previous meeting
	SourceEarlierItem                        // 上次整改台账: an item of the previous meeting
)

var sourceKindNames = map[SourceKind]string{
	SourcePoint:        "查摆问题",
	SourceTalk:         "谈心谈话",
	SourceItem:         "整改台账",
	SourceStudy:        "学习记录",
	SourceSession:      "学习研讨",
	SourceMeeting:      "会议安排",
	SourceEarlierPoint: "上次查摆问题",
	SourceEarlierItem:  "上次整改台账",
}

// Source is one record a sentence states something from.
type Source struct {
	Kind SourceKind
	// Ref tells the record apart from others of its kind, as the member finds it: #2 (a point
	// as /mypoints numbers it), 第3项 (a ledger item), 与李委员 (a talk's partner), a topic.
	Ref  string
	Date orglife.Date // the record's day: when a point was recorded, a talk held; zero if none
}

// String is the source as its comment reads: 查摆问题 #12，2026-12-05; 整改台账 第3项，…;
// 谈心谈话，与李委员，2026-12-08.
func (s Source) String() string {
	name := sourceKindNames[s.Kind]
	if name == "" {
		name = "记录"
	}
	if s.Ref != "" {
		sep := "，"
		if strings.HasPrefix(s.Ref, "#") || strings.HasPrefix(s.Ref, "第") {
			sep = " "
		}
		name += sep + s.Ref
	}
	if !s.Date.IsZero() {
		name += "，" + s.Date.String()
	}
	return name
}

// Sentence is one sentence of a traceable text: its words, the records it states something
// from, and whether it states a fact about the member at all (a heading-like lead-in, a
// stock phrase or a 【待补充】 mark does not, and needs no source).
type Sentence struct {
	Text    string
	Sources []Source
	Factual bool
}

// Comment is the text of the Word comment that carries the sentence's sources:
// 来源：查摆问题 #12，2026-12-05；谈心谈话，与李委员，2026-12-08. "" when it has none.
func (s Sentence) Comment() string {
	if len(s.Sources) == 0 {
		return ""
	}
	parts := make([]string, 0, len(s.Sources))
	for _, src := range s.Sources {
		if p := src.String(); !slices.Contains(parts, p) {
			parts = append(parts, p)
		}
	}
	return "来源：" + strings.Join(parts, "；")
}

// ErrUntraced is the error CheckTrace wraps for a factual sentence without a source.
var ErrUntraced = errors.New("factual sentence without a source")

// CheckTrace returns an error naming every factual sentence of the blocks that has no
// source (or an empty one); nil when each fact can be traced.
func CheckTrace(blocks []Block) error {
	var errs []error
	for i, b := range blocks {
		for j, s := range b.Sentences {
			if !s.Factual {
				continue
			}
			ok := len(s.Sources) > 0
			for _, src := range s.Sources {
				if _, known := sourceKindNames[src.Kind]; !known {
					ok = false
				}
			}
			if !ok {
				errs = append(errs, fmt.Errorf("block %d sentence %d %q: %w", i, j, s.Text, ErrUntraced))
			}
		}
	}
	return errors.Join(errs...)
}

// sentencesText is the sentences' text run together, a block's Text.
func sentencesText(ss []Sentence) string {
	var b strings.Builder
	for _, s := range ss {
		b.WriteString(s.Text)
	}
	return b.String()
}

// Rewrite returns the block with each sentence's text replaced by what f makes of it, its
// Sources and Factual kept, and Text the new sentences run together: the way a later step
// (polishing) rewords a traceable block without losing its trace. A block without
// sentences is returned as it is.
func (b Block) Rewrite(f func(Sentence) string) Block {
	if b.Sentences == nil {
		return b
	}
	ss := make([]Sentence, len(b.Sentences))
	for i, s := range b.Sentences {
		ss[i] = Sentence{Text: f(s), Sources: slices.Clone(s.Sources), Factual: s.Factual}
	}
	b.Sentences, b.Text = ss, sentencesText(ss)
	return b
}
