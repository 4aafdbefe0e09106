// Package ical writes meetings as iCalendar files (RFC 5545) that phone calendars import:
// an all-day event per deadline with its alarm, and the meeting itself.
package ical

import (
	"bufio"
	"fmt"
	"io"
	"strings"
	"time"
	"unicode/utf8"

	"orglife"
)

// ProdID names the program that wrote a file (PRODID).
const ProdID = "-//orglife//orglife//ZH"

// Calendar is one file: a named set of events, published for import (METHOD:PUBLISH).
type Calendar struct {
	Name   string // X-WR-CALNAME: the name a phone gives the imported calendar
	Events []Event
}

// Event is one VEVENT. Without Start it is an all-day event on Day (DTSTART;VALUE=DATE, its
// DTEND the next day), which needs no time zone; with Start it lasts from Start (written in
// UTC, so no VTIMEZONE is needed either) for Duration, an hour when that is unset.
type Event struct {
	// UID stays the same across files for the same event, so a phone that imports a newer
	// file updates the event instead of adding a second one.
	UID string
	// Sequence rises each time the event's date, time or place changes.
	Sequence int
	// Stamp is when this version of the event was made (DTSTAMP).
	Stamp       time.Time
	Summary     string
	Description string // optional
	Location    string // optional
	Day         orglife.Date
	Start       time.Time     // optional
	Duration    time.Duration // with Start; an hour when unset
	// AlarmBefore is how long before the event's start its alarm goes off: for an all-day
	// event the start is its midnight in the phone's zone, so 15 hours is 09:00 the day
	// before. No alarm when it is zero.
	AlarmBefore time.Duration
}

// Write writes c as an iCalendar file: CRLF line ends, lines folded at 75 octets.
func Write(w io.Writer, c Calendar) error {
	bw := bufio.NewWriter(w)
	l := lines{w: bw}
	l.put("BEGIN:VCALENDAR")
	l.put("PRODID:" + ProdID)
	l.put("VERSION:2.0")
	l.put("CALSCALE:GREGORIAN")
	l.put("METHOD:PUBLISH")
	if c.Name != "" {
		l.put("X-WR-CALNAME:" + Escape(c.Name))
	}
	for _, e := range c.Events {
		if err := writeEvent(&l, e); err != nil {
			return err
		}
	}
	l.put("END:VCALENDAR")
	if l.err != nil {
		return fmt.Errorf("write calendar: %w", l.err)
	}
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("write calendar: %w", err)
	}
	return nil
}

func writeEvent(l *lines, e Event) error {
	if e.UID == "" {
		return fmt.Errorf("write calendar: event %q has no UID", e.Summary)
	}
	if e.Start.IsZero() && e.Day.IsZero() {
		return fmt.Errorf("write calendar: event %s has no day", e.UID)
	}
	l.put("BEGIN:VEVENT")
	l.put("UID:" + Escape(e.UID))
	l.put("DTSTAMP:" + utc(e.Stamp))
	l.put(fmt.Sprintf("SEQUENCE:%d", max(e.Sequence, 0)))
	if e.Start.IsZero() {
		l.put("DTSTART;VALUE=DATE:" + day(e.Day))
		l.put("DTEND;VALUE=DATE:" + day(e.Day.AddDays(1)))
	} else {
		d := e.Duration
		if d <= 0 {
			d = time.Hour
		}
		l.put("DTSTART:" + utc(e.Start))
		l.put("DTEND:" + utc(e.Start.Add(d)))
	}
	l.put("SUMMARY:" + Escape(e.Summary))
	if e.Description != "" {
		l.put("DESCRIPTION:" + Escape(e.Description))
	}
	if e.Location != "" {
		l.put("LOCATION:" + Escape(e.Location))
	}
	if e.Start.IsZero() {
		// Shown free, so an all-day deadline does not block the day in the phone's calendar.
		l.put("TRANSP:TRANSPARENT")
	}
	if e.AlarmBefore > 0 {
		l.put("BEGIN:VALARM")
		l.put("ACTION:DISPLAY")
		l.put("DESCRIPTION:" + Escape(e.Summary))
		l.put("TRIGGER;RELATED=START:" + before(e.AlarmBefore))
		l.put("END:VALARM")
	}
	l.put("END:VEVENT")
	return nil
}

// lines writes content lines folded, keeping the first error.
type lines struct {
	w   io.Writer
	err error
}

func (l *lines) put(line string) {
	if l.err == nil {
		_, l.err = io.WriteString(l.w, Fold(line))
	}
}

// day is a DATE value.
func day(d orglife.Date) string { return fmt.Sprintf("%04d%02d%02d", d.Year, int(d.Month), d.Day) }

// utc is a DATE-TIME value in UTC form.
func utc(t time.Time) string { return t.UTC().Format("20060102T150405Z") }

// before is the negative DURATION value of d, to the minute (-PT15H, -PT1H30M).
func before(d time.Duration) string {
	d = d.Round(time.Minute)
	h, m := int(d/time.Hour), int(d%time.Hour/time.Minute)
	switch {
	case m == 0:
		return fmt.Sprintf("-PT%dH", h)
	case h == 0:
		return fmt.Sprintf("-PT%dM", m)
	}
	return fmt.Sprintf("-PT%dH%dM", h, m)
}

// Escape writes s as a TEXT value: backslash, semicolon and comma escaped, any line break
// as \n; other control characters, which TEXT may not hold, are dropped, and invalid UTF-8
// becomes U+FFFD.
func Escape(s string) string {
	s = strings.ToValidUTF8(s, "\uFFFD")
	s = strings.NewReplacer("\r\n", "\n", "\r", "\n").Replace(s)
	var b strings.Builder
	for _, r := range s {
		switch {
		case r == '\\':
			b.WriteString(`\\`)
		case r == ';':
			b.WriteString(`\;`)
		case r == ',':
			b.WriteString(`\,`)
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\t':
			b.WriteRune(r)
		case r < 0x20 || r == 0x7f:
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// maxLine is the longest a content line may be, in octets, without its CRLF.
const maxLine = 75

// Fold ends a content line with CRLF, breaking it first into lines of at most 75 octets,
// each continuation led by a space, and never inside a UTF-8 character.
func Fold(line string) string {
	var b strings.Builder
	limit := maxLine
	for len(line) > limit {
		cut := limit
		for cut > 0 && !utf8.RuneStart(line[cut]) {
			cut--
		}
		if cut == 0 { // not UTF-8: no character to keep whole
			cut = limit
		}
		b.WriteString(line[:cut])
		b.WriteString("\r\n ")
		line = line[cut:]
		limit = maxLine - 1 // the leading space counts
	}
	b.WriteString(line)
	b.WriteString("\r\n")
	return b.String()
}
