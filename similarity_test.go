package orglife

import (
	"math"
	"slices"
	"testing"
)

func TestSimilarity(t *testing.T) {
	for _, c := range []struct {
		name     string
		a, b     string
		min, max float64
	}{
		{"same text", "理论学习不够系统", "理论学习不够系统", 1, 1},
		{"punctuation and spaces ignored", "理论学习，不够 系统。", "理论学习不够系统", 1, 1},
		{"nothing in common", "理论学习不够系统", "工作作风漂浮", 0, 0},
		{"empty", "", "理论学习", 0, 0},
		{"punctuation only", "。，！", "。，！", 0, 0},
		{"one character each", "学", "学", 1, 1},
		{"a word changed", "对党的创新理论学习不够系统深入", "对党的创新理论学习不够全面深入", 0.7, 0.9},
		{"same topic, own words", "平时忙于业务，理论学习时间少", "理论学习缺乏计划，没有坚持读原著", 0, 0.3},
	} {
		t.Run(c.name, func(t *testing.T) {
			got := Similarity(c.a, c.b)
			if got < c.min-1e-9 || got > c.max+1e-9 {
				t.Errorf("Similarity(%q, %q) = %.3f, want within [%.2f, %.2f]", c.a, c.b, got, c.min, c.max)
			}
			if back := Similarity(c.b, c.a); math.Abs(back-got) > 1e-12 {
				t.Errorf("not symmetric: %.3f and %.3f", got, back)
			}
		})
	}
}

func TestNearCopies(t *testing.T) {
	own := func(member int64, problem, cause, measure string) Point {
		return Point{MemberID: member, Problem: problem, Cause: cause, Measure: measure}
	}
	for _, c := range []struct {
		name      string
		points    []Point
		threshold float64
		want      []NearCopy
	}{
		{"nothing alike", []Point{
			own(1, "平时忙于业务，理论学习时间少", "", ""),
			own(2, "下基层调研次数少，掌握情况不及时", "", ""),
		}, 0.6, nil},
		{"problems copied between two members", []Point{
			own(2, "对党的创新理论学习不够系统深入", "思想上重视不够", "每周读原著两小时"),
			own(1, "对党的创新理论学习不够系统深入。", "工作忙，挤不出时间", "参加支部集中学习"),
		}, 0.6, []NearCopy{{A: 1, B: 2, Fields: []PointField{FieldProblem}}}},
		{"cause and measure copied too", []Point{
			own(1, "学习时间少，读原著不多", "宗旨意识淡化，放松了学习", "制定个人学习计划，每周读原著"),
			own(3, "下基层少，掌握情况不及时", "宗旨意识淡化、放松了学习", "制定个人学习计划每周读原著"),
		}, 0.6, []NearCopy{{A: 1, B: 3, Fields: []PointField{FieldCause, FieldMeasure}}}},
		{"a member's own points are not compared", []Point{
			own(1, "对党的创新理论学习不够系统深入", "", ""),
			own(1, "对党的创新理论学习不够系统深入", "", ""),
		}, 0.6, nil},
		{"withdrawn points are left out", []Point{
			own(1, "对党的创新理论学习不够系统深入", "", ""),
			{MemberID: 2, Problem: "对党的创新理论学习不够系统深入", Withdrawn: true},
		}, 0.6, nil},
		{"a stock phrase", []Point{
			own(4, "我理论学习不够深入", "", ""),
			own(5, "平时忙于业务，理论学习时间少，读原著不多", "", "有待提高"),
		}, 0.6, []NearCopy{{A: 4, Fields: []PointField{FieldProblem}}, {A: 5, Fields: []PointField{FieldMeasure}}}},
		{"a higher threshold lets a changed word pass", []Point{
			own(1, "对党的创新理论学习不够系统深入", "", ""),
			own(2, "对党的创新理论学习不够全面深入", "", ""),
		}, 0.9, nil},
		{"the same pair at a lower threshold", []Point{
			own(1, "对党的创新理论学习不够系统深入", "", ""),
			own(2, "对党的创新理论学习不够全面深入", "", ""),
		}, 0.6, []NearCopy{{A: 1, B: 2, Fields: []PointField{FieldProblem}}}},
		{"a threshold out of range is the default", []Point{
			own(1, "对党的创新理论学习不够系统深入", "", ""),
			own(2, "对党的创新理论学习不够全面深入", "", ""),
		}, 7, []NearCopy{{A: 1, B: 2, Fields: []PointField{FieldProblem}}}},
		{"pairs before stock phrases, by member", []Point{
			own(9, "能力不足", "", ""),
			own(3, "对党的创新理论学习不够系统深入", "", ""),
			own(2, "对党的创新理论学习不够系统深入", "", ""),
		}, 0.6, []NearCopy{{A: 2, B: 3, Fields: []PointField{FieldProblem}}, {A: 9, Fields: []PointField{FieldProblem}}}},
	} {
		t.Run(c.name, func(t *testing.T) {
			got := NearCopies(c.points, c.threshold)
			if !slices.EqualFunc(got, c.want, func(x, y NearCopy) bool {
				return x.A == y.A && x.B == y.B && slices.Equal(x.Fields, y.Fields)
			}) {
				t.Errorf("NearCopies = %+v, want %+v", got, c.want)
			}
		})
	}
}
