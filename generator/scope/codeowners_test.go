package scope

import (
	"strings"
	"testing"

	"wuxiao/generator/content"
)

func TestCodeowners(t *testing.T) {
	units := testUnits()
	units[0].Admins = append(units[0].Admins, "@city-two", "city-admin")
	units[4].Admins = nil // an industry union without admins: its units fall back to the city
	units = append(units,
		&content.Unit{ID: "kq-bad", Name: "坏账号单位", Type: "grassroots", Parent: "kuangqu", Admins: []string{"has space"}},
		&content.Unit{ID: "kq-coal", Name: "重复的代码", Type: "grassroots", Parent: "energy"},
	)
	units[1].Admins = append(units[1].Admins, "has space")
	got, skipped := Codeowners(units)
	want := `# 此文件由 wuxiao codeowners 根据 content/units.yaml 的 admins 生成，请勿手工修改。
# 修改 admins 后运行：go run ./cmd/wuxiao codeowners --write
#
# 规则：市总工会的管理员负责全部文件；各单位的申报成果、证明材料和表彰文件
# 由其上级工会（县区总工会、产业工会或市直单位工会）的管理员审核，
# 市总工会的管理员也可审核。后面的行优先于前面的行。

# 阳泉市总工会（yq）
* @City-Admin @city-two

# 阳泉市矿区总工会（kuangqu）
/content/*/commendations/kuangqu/ @City-Admin @city-two

# 矿区煤业公司工会（kq-coal）
/content/*/submissions/kq-coal/ @kq-admin @City-Admin @city-two
/content/*/attachments/kq-coal/ @kq-admin @City-Admin @city-two
/content/*/commendations/kq-coal/ @kq-admin @City-Admin @city-two

# 矿区供水公司工会（kq-water）
/content/*/submissions/kq-water/ @kq-admin @City-Admin @city-two
/content/*/attachments/kq-water/ @kq-admin @City-Admin @city-two
/content/*/commendations/kq-water/ @kq-admin @City-Admin @city-two

# 阳泉市能源产业工会（energy）
/content/*/commendations/energy/ @City-Admin @city-two

# 阳泉发电公司工会（en-power）
/content/*/submissions/en-power/ @City-Admin @city-two
/content/*/attachments/en-power/ @City-Admin @city-two
/content/*/commendations/en-power/ @City-Admin @city-two

# 坏账号单位（kq-bad）
/content/*/submissions/kq-bad/ @kq-admin @City-Admin @city-two
/content/*/attachments/kq-bad/ @kq-admin @City-Admin @city-two
/content/*/commendations/kq-bad/ @kq-admin @City-Admin @city-two
`
	if got != want {
		t.Errorf("Codeowners:\n%s\nwant:\n%s", got, want)
	}
	if len(skipped) != 1 || !strings.Contains(skipped[0], "阳泉市矿区总工会（kuangqu）的 \"has space\"") {
		t.Errorf("skipped = %q", skipped)
	}
	again, _ := Codeowners(units)
	if again != got {
		t.Errorf("output not deterministic")
	}
}

func TestCodeownersEmpty(t *testing.T) {
	got, _ := Codeowners(nil)
	if !strings.HasPrefix(got, "# 此文件由 wuxiao codeowners") || strings.Contains(got, "\n*") {
		t.Errorf("Codeowners(nil) = %q", got)
	}
}
