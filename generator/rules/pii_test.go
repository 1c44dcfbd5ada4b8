package rules

import "testing"

func TestFindPII(t *testing.T) {
	tests := []struct {
		text, kind string
	}{
		{"联系电话13903530011。", "手机号码"},
		{"电话 139-0353-0011", "手机号码"},
		{"电话 +86 139 0353 0011", "手机号码"},
		{"身份证 11010519491231002X", "身份证号码"},
		{"邮箱 wang.jg@example.com", "电子邮箱地址"},
		{"累计处理123处，节约12.3万元，编号 2023-0915-001", ""},
		{"设备编号 1390353001122", ""},         // 13 digits: not a mobile number
		{"合同号 110105194912310021", ""},     // wrong check digit
		{"12345678901 不是手机号（以 12 开头）", ""}, // mobile numbers start 13–19
	}
	for _, tc := range tests {
		if kind, _ := findPII(tc.text); kind != tc.kind {
			t.Errorf("findPII(%q) = %q, want %q", tc.text, kind, tc.kind)
		}
	}
}
