"""The demo bank's reference lists that master data is drawn from: regions and branch
names, the GB/T 4754-2017 industry sections with their shares of enterprise customers,
the industries of institutions, the USCC prefix of each kind of customer, and the words
customer names are made of."""

from __future__ import annotations

REGIONS = [
    ("BJ", "北京分行", "北京"),
    ("SH", "上海分行", "上海"),
    ("GD", "广东分行", "广州"),
    ("JS", "江苏分行", "南京"),
    ("ZJ", "浙江分行", "杭州"),
    ("SD", "山东分行", "济南"),
    ("SC", "四川分行", "成都"),
    ("HB", "湖北分行", "武汉"),
    ("FJ", "福建分行", "福州"),
    ("HA", "河南分行", "郑州"),
    ("TJ", "天津分行", "天津"),
    ("SN", "陕西分行", "西安"),
]
BRANCH_SUFFIXES = ["营业部", "高新支行", "开发区支行", "城东支行", "城西支行", "自贸区支行", "经开区支行", "新区支行"]

# GB/T 4754-2017 sections with their divisions and the share of enterprise customers.
SECTIONS = [
    ("A", 1, 5, 3.0),
    ("B", 6, 12, 1.5),
    ("C", 13, 43, 26.0),
    ("D", 44, 46, 2.0),
    ("E", 47, 50, 8.0),
    ("F", 51, 52, 20.0),
    ("G", 53, 60, 5.0),
    ("H", 61, 62, 2.5),
    ("I", 63, 65, 6.0),
    ("J", 66, 69, 1.0),
    ("K", 70, 70, 5.0),
    ("L", 71, 72, 8.0),
    ("M", 73, 75, 4.0),
    ("N", 76, 79, 1.5),
    ("O", 80, 82, 2.0),
    ("P", 83, 83, 0.5),
    ("Q", 84, 85, 0.8),
    ("R", 86, 90, 1.0),
    ("S", 91, 96, 0.2),
    ("T", 97, 97, 0.05),
]
# Industries of institutions (机构类): government, public institutions, social
# organisations, financial institutions.
INSTITUTION_DIVISIONS = {
    "government": ["S92", "S91", "S93"],
    "public_institution": ["P83", "Q84", "M73", "R86", "N78"],
    "social_organization": ["S95", "S94"],
    "financial_institution": ["J66", "J67", "J68", "J69"],
}
USCC_PREFIX = {
    "enterprise": "91",
    "government": "11",
    "public_institution": "12",
    "social_organization": "51",
    "financial_institution": "91",
}
NAME_CHARS = "华鑫恒瑞宏泰盛达安信隆丰远通嘉德永兴昌启明辰锦元晟博汇顺和正"
SECTION_WORDS = {
    "A": "农业",
    "B": "矿业",
    "C": "制造",
    "D": "能源",
    "E": "建设",
    "F": "贸易",
    "G": "物流",
    "H": "酒店",
    "I": "科技",
    "J": "金融",
    "K": "置业",
    "L": "商务",
    "M": "技术",
    "N": "环境",
    "O": "服务",
    "P": "教育",
    "Q": "医疗",
    "R": "文化",
    "S": "公共",
    "T": "国际",
}
