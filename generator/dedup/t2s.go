package dedup

// SimplifiedPairs is the traditional→simplified character table the duplicate check folds
// with (OpenCC's, see t2s_table.go): each traditional character followed by its simplified
// form. The site's search folds with the same table, so both read 輸送機 as 输送机.
func SimplifiedPairs() string { return t2sPairs }
