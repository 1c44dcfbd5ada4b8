package content

import (
	"reflect"
	"slices"
	"strings"
	"testing"
)

// TestVocabularies: every value of the contract's English enums has its Chinese name here
// (other packages take the names from content), and the award fields' check tags allow
// exactly the awards of Awards (and CommendationAward where a commendation gives it).
func TestVocabularies(t *testing.T) {
	for _, s := range Sectors {
		if n := SectorName(s); n == s || n == "" {
			t.Errorf("sector %s has no Chinese name", s)
		}
	}
	for _, l := range Levels {
		if n := LevelName(l); n == l || !strings.HasSuffix(UnitLevelName(l), n) {
			t.Errorf("level %s: LevelName %q, UnitLevelName %q", l, n, UnitLevelName(l))
		}
	}
	for _, u := range UnitTypes {
		if UnitTypeName(u) == u || UnitTypeShort(u) == u {
			t.Errorf("unit type %s has no Chinese name", u)
		}
	}
	enum := func(v any, field string) []string {
		f, _ := reflect.TypeOf(v).FieldByName(field)
		for _, part := range strings.Split(f.Tag.Get("check"), ",") {
			if list, ok := strings.CutPrefix(part, "enum="); ok {
				return strings.Split(list, "|")
			}
		}
		return nil
	}
	withCommendation := append(slices.Clone(Awards), CommendationAward)
	for _, c := range []struct {
		got, want []string
		where     string
	}{
		{enum(Unit{}, "Type"), UnitTypes, "Unit.Type"},
		{enum(Unit{}, "Sector"), Sectors, "Unit.Sector"},
		{enum(Competition{}, "Quotas"), Awards, "Competition.Quotas"},
		{enum(Competition{}, "MinScores"), Awards, "Competition.MinScores"},
		{enum(Competition{}, "WinningPoints"), Awards, "Competition.WinningPoints"},
		{enum(CityAward{}, "Award"), Awards, "CityAward.Award"},
		{enum(CommendedAward{}, "Award"), withCommendation, "CommendedAward.Award"},
	} {
		if !slices.Equal(c.got, c.want) {
			t.Errorf("%s allows %v, want %v", c.where, c.got, c.want)
		}
	}
	if got := AwardNames(); got != "特等奖、一等奖、二等奖、三等奖、优秀奖" {
		t.Errorf("AwardNames() = %q", got)
	}
}
