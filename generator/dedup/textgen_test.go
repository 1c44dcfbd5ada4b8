package dedup

import (
	"fmt"
	"math/rand/v2"
	"strconv"
	"strings"
)

// This file writes realistic technical texts of the kind workers submit:
// what went wrong with a machine or a process, what the team did, what it
// achieved. Texts of one topic share the usual phrasing of their trade but
// describe different improvements (the hard negatives of the evaluation).

type topic struct {
	name     string
	objects  []string // the machine, system or process
	parts    []string // parts of it
	problems []string // what went wrong
	causes   []string // why
	measures []string // what the team did
	effects  []string // what it achieved
	params   []param  // quantities that changed
	facts    []string // sentences of the trade's common knowledge
	places   []string
	teams    []string
}

type param struct {
	name, unit string
	lo, hi     int
}

var topics = []topic{{
	name:     "皮带输送机",
	objects:  []string{"带式输送机", "主斜井皮带", "顺槽可伸缩皮带机", "大倾角皮带输送机"},
	parts:    []string{"托辊", "改向滚筒", "驱动滚筒", "清扫器", "张紧装置", "输送带接头", "导料槽", "机头溜槽", "防跑偏装置", "制动器"},
	problems: []string{"输送带跑偏", "托辊卡死不转", "机头撒煤严重", "输送带打滑", "接头频繁开裂", "清扫器刮不干净", "回程带粘煤"},
	causes:   []string{"托辊支架安装不正", "落料点偏离输送带中心", "张紧力不足", "清扫器刮板磨损后无法自动补偿", "煤泥含水率高", "机架局部下沉"},
	measures: []string{"在机尾加装了一组可调心托辊", "把导料槽挡板改为可调式橡胶挡帘", "将重锤张紧改为液压自动张紧", "自制了弹簧复位式聚氨酯清扫器", "在机头增设了一道水喷雾降尘装置", "对跑偏开关的安装位置进行了调整", "用废旧钢管制作了托辊快速更换架"},
	effects:  []string{"跑偏停机次数大幅减少", "机头撒煤基本消除", "岗位工清理浮煤的工作量明显降低", "输送带使用寿命延长", "更换托辊的时间由两人一小时缩短到一人十分钟", "杜绝了因打滑引起的烧带事故"},
	params:   []param{{"输送带跑偏量", "毫米", 10, 120}, {"托辊更换时间", "分钟", 8, 70}, {"月停机时间", "小时", 2, 40}, {"张紧力", "千牛", 15, 60}},
	facts:    []string{"带式输送机是煤矿井下运输的主要设备，其运行状况直接影响矿井的安全生产", "输送带跑偏是带式输送机运行中最常见的故障之一", "托辊转动不灵活会加剧输送带的磨损，还可能因摩擦生热引发火灾", "清扫效果不好会造成回程带粘煤，进而引起托辊粘煤和输送带跑偏"},
	places:   []string{"一号井", "二号井", "选煤厂", "洗煤车间", "主井"},
	teams:    []string{"机电队", "运输区", "皮带班", "检修班组", "机电维修组"},
}, {
	name:     "供热管网",
	objects:  []string{"一次供热管网", "换热站", "小区二次管网", "热力入口"},
	parts:    []string{"补偿器", "循环泵", "板式换热器", "除污器", "电动调节阀", "分水器", "保温层", "排气阀", "温度传感器"},
	problems: []string{"末端用户室温不达标", "管道保温层破损散热严重", "循环泵电耗偏高", "除污器频繁堵塞", "管网水力失调", "补偿器处漏水"},
	causes:   []string{"各支路阀门开度靠经验调节", "保温材料老化吸水", "循环泵长期工频运行", "管网水质较差杂质多", "管道热胀冷缩受力不均"},
	measures: []string{"在各楼栋入口加装了静态平衡阀", "对循环泵加装了变频控制柜", "用聚氨酯发泡材料重新做了保温", "自制了可在线清洗的旁通除污装置", "编制了按室外温度调节供水温度的运行曲线", "在管网末端设置了远传温度监测点"},
	effects:  []string{"末端用户室温普遍提高了两度以上", "用户投诉明显减少", "循环泵耗电量显著下降", "除污器清洗周期由一周延长到一个采暖季", "热损失大大降低"},
	params:   []param{{"供水温度", "摄氏度", 45, 95}, {"循环泵电流", "安", 30, 180}, {"供回水温差", "摄氏度", 5, 25}, {"用户室温", "摄氏度", 14, 24}},
	facts:    []string{"供热管网水力失调是造成冷热不均的主要原因", "换热站是连接一次网和二次网的关键环节", "循环泵的耗电量在换热站运行成本中占有很大比例", "管道保温不良不仅浪费热量，还会加快管道外壁腐蚀"},
	places:   []string{"城东热源厂", "桃园换热站", "南山小区", "开发区管网", "北郊热力站"},
	teams:    []string{"运行班", "管网维修队", "换热站班组", "热网调度室"},
}, {
	name:     "温室大棚",
	objects:  []string{"日光温室", "连栋温室", "蔬菜大棚", "育苗温室"},
	parts:    []string{"卷帘机", "放风口", "滴灌带", "温湿度传感器", "补光灯", "保温被", "水肥一体机", "遮阳网", "控制箱"},
	problems: []string{"棚内温度忽高忽低", "放风全靠人工看管", "冬季夜间低温冻苗", "浇水施肥不均匀", "棚内湿度过大病害多", "卷帘机经常卡绳"},
	causes:   []string{"放风口开闭靠人凭经验操作", "保温被覆盖不严", "大水漫灌导致土壤板结", "缺少温湿度实时监测手段", "卷帘轴两端受力不一致"},
	measures: []string{"用单片机制作了温度控制器自动开关放风口", "安装了手机远程查看温湿度的监测系统", "改大水漫灌为膜下滴灌", "在保温被下沿加装了压膜卡槽", "给卷帘机加装了限位开关和防倒转装置", "配置了按作物需要定时定量供肥的水肥一体机"},
	effects:  []string{"棚内温度始终保持在适宜范围内", "一个人可以同时管理十多个大棚", "节水节肥效果明显", "病害发生率显著降低", "蔬菜产量和品质都有提高"},
	params:   []param{{"棚内昼夜温差", "摄氏度", 6, 22}, {"亩用水量", "立方米", 120, 480}, {"每亩产量", "公斤", 3000, 9000}, {"管理人工", "人", 1, 8}},
	facts:    []string{"温室内温度和湿度是影响作物生长的关键因素", "放风是调节温室温湿度最常用的手段", "膜下滴灌可以降低棚内空气湿度，减少病害发生", "冬季连阴天时温室容易出现低温冷害"},
	places:   []string{"东庄村", "蔬菜产业园", "现代农业示范园", "育苗基地", "合作社"},
	teams:    []string{"种植合作社", "技术服务队", "农技小组", "育苗车间"},
}, {
	name:     "配电",
	objects:  []string{"低压配电柜", "箱式变电站", "十千伏配电线路", "配电室"},
	parts:    []string{"断路器", "电流互感器", "避雷器", "电容补偿柜", "接地线", "母线排", "电缆终端头", "智能电表", "柜门闭锁"},
	problems: []string{"功率因数偏低被罚款", "电缆接头发热烧损", "雷雨季节跳闸频繁", "巡检记录靠手抄容易漏项", "倒闸操作存在误操作风险", "三相负荷不平衡"},
	causes:   []string{"补偿电容器容量配置不合理", "接头压接工艺不规范", "避雷器老化绝缘下降", "单相负载集中接在一相上", "柜门与隔离开关之间没有机械闭锁"},
	measures: []string{"加装了分相自动补偿装置", "给电缆接头贴上了测温贴片并定期红外测温", "研制了柜门与隔离开关联动的机械闭锁", "开发了扫码巡检小程序", "重新分配了各相负荷", "制作了可移动的验电接地一体工具"},
	effects:  []string{"功率因数稳定在零点九五以上", "再未发生接头烧损事故", "误操作隐患彻底消除", "巡检效率提高了一倍", "线损率明显下降"},
	params:   []param{{"功率因数", "", 70, 99}, {"接头温度", "摄氏度", 35, 110}, {"月电费", "万元", 2, 60}, {"线损率", "个百分点", 2, 12}},
	facts:    []string{"功率因数低会增加线路损耗，还会被供电部门收取力调电费", "电缆接头是配电线路中最薄弱的环节", "倒闸操作必须严格执行操作票制度", "三相负荷不平衡会使变压器和线路损耗增加"},
	places:   []string{"一号变电所", "东区配电室", "生活区", "工业园", "办公楼"},
	teams:    []string{"供电车间", "变电班", "配电运维班", "电工班"},
}, {
	name:     "教具",
	objects:  []string{"电工实训台", "物理演示教具", "机械原理教学模型", "汽车发动机解剖模型"},
	parts:    []string{"接线端子", "透明外壳", "演示面板", "指示灯", "电路模块", "齿轮组", "连杆机构", "磁吸底座"},
	problems: []string{"学生接线容易接错烧坏元件", "演示时后排学生看不清", "教具笨重搬运不便", "实训耗材费用高", "原有教具只能演示单一原理"},
	causes:   []string{"实训台没有短路保护", "教具尺寸太小", "教具整体焊接无法拆分", "导线和元件反复使用易损坏"},
	measures: []string{"设计了带自恢复保险的模块化接线板", "把演示内容投到大屏幕上同步显示", "将教具改为可拆装的模块化结构", "用磁吸底座代替螺丝固定", "自制了一套多用途组合教具", "编写了配套的实训指导书"},
	effects:  []string{"实训课元件损耗大幅减少", "学生动手兴趣明显提高", "一套教具可完成多个实验", "课堂演示效果显著改善", "节约了购置教具的经费"},
	params:   []param{{"元件损坏数", "个", 2, 60}, {"实验准备时间", "分钟", 5, 45}, {"每套成本", "元", 80, 900}, {"可完成实验", "项", 2, 16}},
	facts:    []string{"实训教学是职业教育培养学生动手能力的重要环节", "直观的演示能够帮助学生理解抽象的原理", "自制教具取材方便，成本低廉"},
	places:   []string{"实训楼", "物理实验室", "机电系", "汽修实训中心"},
	teams:    []string{"电工教研组", "物理教研组", "机电专业组", "汽修教研室"},
}, {
	name:     "液压支架",
	objects:  []string{"综采工作面液压支架", "端头支架", "超前支护支架"},
	parts:    []string{"立柱", "千斤顶", "操纵阀", "高压胶管", "护帮板", "推移杆", "销轴", "乳化液泵站"},
	problems: []string{"立柱漏液下缩", "高压胶管爆管伤人", "销轴拆装困难", "护帮板动作不到位", "乳化液浓度忽高忽低"},
	causes:   []string{"密封圈老化失效", "胶管没有防甩措施", "销孔锈蚀变形", "乳化液配比靠人工估计"},
	measures: []string{"制作了立柱密封快速更换工装", "给高压胶管加装了防甩链", "研制了液压式销轴拆装器", "安装了乳化液自动配比装置", "对操纵阀进行了集中布置"},
	effects:  []string{"立柱检修时间缩短一半", "杜绝了胶管甩动伤人事故", "乳化液浓度始终符合规定", "工作面推进速度加快"},
	params:   []param{{"初撑力", "兆帕", 18, 32}, {"检修时间", "小时", 1, 12}, {"乳化液浓度", "个百分点", 2, 6}},
	facts:    []string{"液压支架是综采工作面支护顶板的核心设备", "乳化液浓度过低会导致液压元件锈蚀", "支架初撑力不足容易造成顶板离层"},
	places:   []string{"八一零一工作面", "东翼采区", "综采一队", "南翼采区"},
	teams:    []string{"综采队", "支架维修组", "泵站班"},
}, {
	name:     "数控机床",
	objects:  []string{"数控车床", "立式加工中心", "数控铣床"},
	parts:    []string{"卡盘", "刀架", "主轴", "冷却管路", "排屑器", "夹具", "对刀仪", "导轨防护罩"},
	problems: []string{"工件装夹找正费时", "刀具磨损后尺寸超差", "切屑缠绕刀具", "冷却液飞溅污染地面", "换型调试时间长"},
	causes:   []string{"通用夹具定位精度不高", "没有刀具寿命管理", "断屑槽选用不当", "防护罩密封不严"},
	measures: []string{"设计了一面两销专用定位夹具", "在程序中加入了刀具寿命计数", "改进了刀具断屑槽参数", "加装了可调式冷却喷嘴和挡水帘", "编制了快速换型作业指导书"},
	effects:  []string{"单件加工时间大幅缩短", "产品合格率提高到百分之九十九以上", "刀具消耗明显减少", "现场环境整洁"},
	params:   []param{{"单件工时", "分钟", 3, 40}, {"合格率", "个百分点", 85, 99}, {"换型时间", "分钟", 15, 120}},
	facts:    []string{"数控机床加工精度高、效率高，但对装夹和刀具管理要求严格", "合理的断屑是保证连续加工的前提"},
	places:   []string{"机加工车间", "精密加工中心", "二号厂房"},
	teams:    []string{"数控班", "机加工班", "工艺组"},
}, {
	name:     "窗口服务",
	objects:  []string{"营业厅窗口", "政务服务窗口", "客户服务中心"},
	parts:    []string{"叫号系统", "预约平台", "办事指南", "材料清单", "自助终端", "评价器"},
	problems: []string{"群众办事排长队", "材料不齐反复跑腿", "高峰时段窗口忙闲不均", "老年人不会使用自助设备"},
	causes:   []string{"办事流程环节多", "一次性告知不到位", "窗口设置固定不能灵活调配", "自助终端界面复杂"},
	measures: []string{"推行了一窗受理集成服务", "编印了图文并茂的办事指南", "建立了弹性窗口调配机制", "开通了线上预约和帮办代办服务", "设立了老年人绿色通道"},
	effects:  []string{"群众平均等候时间明显缩短", "一次办结率大幅提高", "群众满意度持续提升", "投诉量显著下降"},
	params:   []param{{"平均等候时间", "分钟", 5, 60}, {"一次办结率", "个百分点", 60, 99}, {"日均办件量", "件", 50, 800}},
	facts:    []string{"窗口是展示服务形象的重要平台", "让群众少跑腿是改进服务的出发点和落脚点"},
	places:   []string{"城区营业厅", "政务服务大厅", "客服中心"},
	teams:    []string{"服务班组", "综合窗口", "客服组"},
}}

// Phrasing that every kind of submission uses, with slots.
var (
	openings = []string{
		"{place}{team}在日常工作中发现，{object}的{part}经常出现{problem}的情况，给安全生产带来了隐患。",
		"{object}是{place}的重要设备，近年来{problem}的问题比较突出，影响了正常生产。",
		"长期以来，{place}{object}存在{problem}的问题，职工反映强烈。",
		"{fact}。{place}{object}投入运行多年，{problem}的现象时有发生。",
		"去年以来，{place}先后{n}次因{problem}而被迫停机处理，{team}对此压力很大。",
	}
	analyses = []string{
		"经过认真分析，主要原因是{cause}。",
		"{team}组织技术骨干进行了现场调查，发现问题出在{part}上，根本原因是{cause}。",
		"通过查阅资料和反复观察，我们认为造成{problem}的原因主要有两点：一是{cause}，二是{cause2}。",
		"大家利用班前会和休息时间一起讨论，最后把问题集中到{part}上。",
		"过去处理这类问题只能停机后由{n}名工人轮流作业，费时费力。",
	}
	actions = []string{
		"针对这一问题，{team}成立了攻关小组，{measure}。",
		"我们{measure}，同时{measure2}。",
		"具体做法是：首先{measure}；其次{measure2}；最后对{part}进行了全面检查和调试。",
		"经过{n}次试验和改进，{measure}，解决了{problem}的难题。",
		"在不改变原有结构的前提下，{measure}。",
		"方案确定后，{team}利用检修时间{measure}。",
		"为了让{part}受力更均匀，我们还{measure2}。",
		"考虑到现场空间狭小，{measure}。",
	}
	details = []string{
		"{part}采用{material}制作，{dimension}，安装时用{fixing}固定。",
		"我们在{part}和{part2}之间增加了{extra}，{dimension}。",
		"调试过程中发现{part}的{trouble}，于是{fix}。",
		"现场{n}台{object}已全部完成改造，累计运行{hours}小时未出现故障。",
		"为便于日常维护，{part}的检查口开在外侧，{extra}可以整体拆下。",
		"整套装置共用{material}约{n}公斤，加工全部在{place}自己的维修间完成。",
		"第一次试用时{part}{trouble}，{team}连夜讨论，{fix}后再试，效果很好。",
		"控制部分只用了一个时间继电器和{n}个中间继电器，接线简单，维修方便。",
		"使用前先检查{part}是否完好，确认无误后方可投入运行。",
	}
	results = []string{
		"改造后，{param}由原来的{x}{unit}{change}到{y}{unit}，{effect}。",
		"该成果自{year}年{month}月投入使用以来，运行稳定可靠，{effect}，{effect2}。",
		"经测算，每年可节约各类费用约{money}万元，经济效益和社会效益显著。",
		"这项改进制作简单、成本低廉、操作方便，便于在同类{object}上推广应用。",
		"实践证明，{effect}，得到了职工的一致认可。",
		"对比改造前后{n}个月的运行记录，{param}平均{change}了{x}{unit}。",
		"目前该做法已在{place}全面推广，{effect}。",
		"{year}年该成果获得了{place}职工技术创新成果奖。",
	}
	materials = []string{"废旧钢板", "不锈钢管", "尼龙棒", "角钢", "聚氨酯板", "铝合金型材", "槽钢", "橡胶板", "环氧树脂板"}
	fixings   = []string{"螺栓", "卡箍", "焊接", "膨胀螺丝", "压板", "磁铁"}
	extras    = []string{"一道缓冲垫", "一个过渡支架", "一组导向轮", "一个行程开关", "一块观察窗", "一套快速接头", "一根加强筋"}
	troubles  = []string{"间隙偏大", "动作不够灵活", "固定不牢靠", "密封效果不好", "受力不均匀", "信号不稳定"}
	fixes     = []string{"在结合处加了垫片", "重新调整了安装角度", "把固定点由两个增加到四个", "更换了密封材料", "修改了控制程序", "加装了屏蔽线"}
)

// profile is what one submission is about: a few of its topic's items,
// which its sentences keep coming back to.
type profile struct {
	tp                                *topic
	place, team, object               string
	parts, problems, causes, measures []string
	effects, facts                    []string
}

func pickN(r *rand.Rand, xs []string, n int) []string {
	out := make([]string, 0, n)
	for _, i := range r.Perm(len(xs))[:min(n, len(xs))] {
		out = append(out, xs[i])
	}
	return out
}

// Parts of composed measures, so that two submissions rarely do the same thing.
var (
	measureVerbs = []string{"在{part}上加装了", "自制了", "研制了", "把原有的{part}改为", "对{part}进行了改造，增设了", "利用废旧材料制作了", "设计并安装了", "在{part}旁边增加了"}
	measureKinds = []string{"可调式", "弹簧复位式", "液压驱动的", "快速更换式", "防脱落", "双向限位", "带自锁功能的", "组合式", "远程控制的", "分段式", "自动补偿式", "便携式"}
	measureGoals = []string{"", "，实现了{goal}", "，做到了{goal}", "，保证了{goal}"}
	goals        = []string{"一人即可操作", "不停机检修", "故障自动报警", "数据实时上传", "位置可随时调整", "安装拆卸方便", "运行状态一目了然"}
)

func newProfile(r *rand.Rand, tp *topic) *profile {
	p := &profile{
		tp:       tp,
		place:    tp.places[r.IntN(len(tp.places))],
		team:     tp.teams[r.IntN(len(tp.teams))],
		object:   tp.objects[r.IntN(len(tp.objects))],
		parts:    pickN(r, tp.parts, 3),
		problems: pickN(r, tp.problems, 2),
		causes:   pickN(r, tp.causes, 2),
		effects:  pickN(r, tp.effects, 3),
		facts:    pickN(r, tp.facts, 2),
	}
	if r.IntN(2) == 0 {
		p.measures = pickN(r, tp.measures, 1)
	}
	for len(p.measures) < 3 {
		m := measureVerbs[r.IntN(len(measureVerbs))] + measureKinds[r.IntN(len(measureKinds))] +
			tp.parts[r.IntN(len(tp.parts))] + measureGoals[r.IntN(len(measureGoals))]
		m = strings.ReplaceAll(m, "{part}", p.parts[r.IntN(len(p.parts))])
		m = strings.ReplaceAll(m, "{goal}", goals[r.IntN(len(goals))])
		p.measures = append(p.measures, m)
	}
	return p
}

// fill replaces the {slots} of a template with choices from profile p;
// one quantity serves the whole template.
func fill(r *rand.Rand, p *profile, tmpl string) string {
	pick := func(xs []string) string { return xs[r.IntN(len(xs))] }
	tp := p.tp
	prm := tp.params[r.IntN(len(tp.params))]
	x := prm.lo + r.IntN(prm.hi-prm.lo+1)
	y := prm.lo + r.IntN(prm.hi-prm.lo+1)
	var b strings.Builder
	for {
		i := strings.IndexByte(tmpl, '{')
		if i < 0 {
			b.WriteString(tmpl)
			return b.String()
		}
		j := strings.IndexByte(tmpl, '}')
		b.WriteString(tmpl[:i])
		slot := tmpl[i+1 : j]
		tmpl = tmpl[j+1:]
		switch slot {
		case "place":
			b.WriteString(p.place)
		case "team":
			b.WriteString(p.team)
		case "object":
			b.WriteString(p.object)
		case "part", "part2":
			b.WriteString(pick(p.parts))
		case "problem":
			b.WriteString(pick(p.problems))
		case "cause", "cause2":
			b.WriteString(pick(p.causes))
		case "measure", "measure2":
			b.WriteString(pick(p.measures))
		case "effect", "effect2":
			b.WriteString(pick(p.effects))
		case "fact":
			b.WriteString(pick(p.facts))
		case "param":
			b.WriteString(prm.name)
		case "unit":
			b.WriteString(prm.unit)
		case "x":
			b.WriteString(strconv.Itoa(x))
		case "y":
			b.WriteString(strconv.Itoa(y))
		case "change":
			if y < x {
				b.WriteString(pick([]string{"降低", "下降", "减少"}))
			} else {
				b.WriteString(pick([]string{"提高", "提升", "增加"}))
			}
		case "year":
			b.WriteString(strconv.Itoa(2015 + r.IntN(10)))
		case "month":
			b.WriteString(strconv.Itoa(1 + r.IntN(12)))
		case "money":
			fmt.Fprintf(&b, "%d.%d", 1+r.IntN(80), r.IntN(10))
		case "n":
			b.WriteString(strconv.Itoa(2 + r.IntN(30)))
		case "hours":
			b.WriteString(strconv.Itoa(200 + r.IntN(9000)))
		case "material":
			b.WriteString(pick(materials))
		case "fixing":
			b.WriteString(pick(fixings))
		case "extra":
			b.WriteString(pick(extras))
		case "trouble":
			b.WriteString(pick(troubles))
		case "fix":
			b.WriteString(pick(fixes))
		case "dimension":
			fmt.Fprintf(&b, "长%d毫米、宽%d毫米", 50+r.IntN(950), 20+r.IntN(300))
		default:
			panic("unknown slot " + slot)
		}
	}
}

// genDoc writes one submission text of about n characters on topic tp.
// Within a text no template is used twice.
func genDoc(r *rand.Rand, tp *topic, n int) string {
	p := newProfile(r, tp)
	deck := func(tmpls []string) func() (string, bool) {
		order := r.Perm(len(tmpls))
		return func() (string, bool) {
			if len(order) == 0 {
				return "", false
			}
			t := tmpls[order[0]]
			order = order[1:]
			return fill(r, p, t), true
		}
	}
	acts, dets, ress := deck(actions), deck(details), deck(results)
	var b strings.Builder
	para := func(next func() (string, bool), k int) bool {
		any := false
		for range k {
			s, ok := next()
			if !ok {
				break
			}
			b.WriteString(s)
			any = true
		}
		if any {
			b.WriteString("\n\n")
		}
		return any
	}
	para(deck(openings), 1)
	para(deck(analyses), 1+r.IntN(2))
	for b.Len()/3 < n {
		a := para(acts, 1+r.IntN(2))
		d := para(dets, 1+r.IntN(3))
		res := para(ress, 1+r.IntN(2))
		if !a && !d && !res {
			break
		}
	}
	return strings.TrimSpace(b.String())
}
