package desk

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strings"
)

// SessionKey reads the session key from file, creating the file (0600, 32 random bytes
// written in hex) when it does not exist, so that sessions survive a restart. The file
// must not be inside root, the content repository's clone, nor readable by others. The
// key is never logged.
func SessionKey(file, root string) ([]byte, error) {
	abs, err := filepath.Abs(file)
	if err != nil {
		return nil, err
	}
	if Within(root, abs) {
		return nil, fmt.Errorf("会话密钥文件 %s 在内容仓库 %s 之内，请放到仓库以外的目录（如 /var/lib/wuxiao-desk/）", file, root)
	}
	if _, err := os.Stat(abs); errors.Is(err, fs.ErrNotExist) {
		if err := os.MkdirAll(filepath.Dir(abs), 0o700); err != nil {
			return nil, fmt.Errorf("无法建立会话密钥文件的目录：%w", err)
		}
		b := make([]byte, 32)
		if _, err := rand.Read(b); err != nil {
			return nil, err
		}
		f, err := os.OpenFile(abs, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
		if err == nil {
			_, err = f.WriteString(hex.EncodeToString(b) + "\n")
			if cerr := f.Close(); err == nil {
				err = cerr
			}
		}
		if err != nil && !errors.Is(err, fs.ErrExist) { // another desk made it meanwhile: read that one
			return nil, fmt.Errorf("无法写入会话密钥文件 %s：%w", file, err)
		}
	}
	st, err := os.Stat(abs)
	if err != nil {
		return nil, fmt.Errorf("无法读取会话密钥文件 %s：%w", file, err)
	}
	// Windows keeps no permission bits: Go says 0666 of every file there (0444 of a
	// read-only one), the key made above included; who may read it is the folder's ACL.
	if runtime.GOOS != "windows" && st.Mode().Perm()&0o077 != 0 {
		return nil, fmt.Errorf("会话密钥文件 %s 的权限是 %v，其他用户可以读取；请改为 0600（chmod 600）", file, st.Mode().Perm())
	}
	data, err := os.ReadFile(abs)
	if err != nil {
		return nil, fmt.Errorf("无法读取会话密钥文件 %s：%w", file, err)
	}
	key := []byte(strings.TrimSpace(string(data)))
	if len(key) < 32 {
		return nil, fmt.Errorf("会话密钥文件 %s 太短：至少 32 字节（删除它，工作台会重新生成）", file)
	}
	return key, nil
}

// Within tells whether path is root or inside it (the desk's secrets, drafts and audit log
// must not be in the content repository's clone, where a git add -A would publish them).
func Within(root, path string) bool {
	r, err := filepath.Abs(root)
	if err != nil {
		return false
	}
	abs, err := filepath.Abs(path)
	if err != nil {
		return false
	}
	rel, err := filepath.Rel(r, abs)
	return err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator))
}
