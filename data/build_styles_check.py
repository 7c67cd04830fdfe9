"""Write ``data/styles-check.jsonl``, the hand-labelled check set of references in styles the corpora lack.

    python data/build_styles_check.py [OUTPUT]      # default: data/styles-check.jsonl

Every reference below was written by hand for this project: invented but
realistic GOST, GB/T 7714, DIN 1505 / ISO 690, ABNT, Vancouver and footnote
references. Each is a list of pieces joined exactly as written: a plain string
is unlabelled text (separators such as " // ", " – ", " : ", "In:"), a
``(text, label)`` pair is a labelled span. Offsets are computed from the
pieces, never typed. The set is a TEST set: it is never trained on (see
data/README.md). The output is deterministic: rerunning the script rewrites
the file byte for byte.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

OUT = Path(__file__).resolve().parent / "styles-check.jsonl"
Piece = str | tuple[str, str]

GOST: list[list[Piece]] = [
    [("Кравцова Л. Н.", "author"), " ", ("Сезонная динамика стока малых рек Среднего Поволжья", "title"), " // ",
     ("Вестник Московского университета.", "venue"), " ", ("Сер. 5, География.", "series"), " – ",
     ("2014.", "year"), " – ", ("№ 3.", "issue"), " – ", ("С. 41–48.", "pages")],
    [("3.", "marker"), " ", ("Белоусов А. В.", "author"), " ",
     ("Модель теплопереноса в пористой среде с фазовым переходом", "title"),
     " / ", ("А. В. Белоусов, Е. С. Шамсутдинова, Р. Р. Галиев", "author"), " // ",
     ("Инженерно-физический журнал.", "venue"), " – ", ("2009.", "year"), " – ", ("Т. 82,", "volume"), " ",
     ("№ 4.", "issue"), " – ", ("С. 655–663.", "pages")],
    [("Гордеева Т. А.", "author"), " ", ("Основы теории надёжности технических систем", "title"), " : ",
     ("учеб. пособие", "note"), " / ", ("Т. А. Гордеева, В. И. Лапшин.", "author"), " – ",
     ("2-е изд., перераб. и доп.", "edition"), " – ", ("Екатеринбург", "location"), " : ",
     ("Изд-во Урал. ун-та,", "publisher"), " ", ("2016.", "year"), " – ", ("284 с.", "pages"), " – ",
     ("ISBN 978-5-7996-1834-6.", "identifier")],
    [("Ярошенко О. М.", "author"), " ",
     ("Крестьянские промыслы Вятской губернии во второй половине XIX века", "title"), " // ",
     ("Экономическая история России: проблемы и источники", "venue"), " : ", ("сб. науч. ст.", "note"), " / ",
     ("под ред. Н. П. Кузьминой.", "editor"), " – ", ("Киров", "location"), " : ", ("Радуга-Пресс,", "publisher"),
     " ", ("2012.", "year"), " – ", ("С. 112–131.", "pages")],
    [("Мухаметшина Г. Р.", "author"), " ",
     ("Методы повышения энергоэффективности насосных станций систем водоснабжения", "title"), " : ",
     ("дис. … канд. техн. наук", "note"), " : ", ("05.23.04", "note"), " / ",
     ("Мухаметшина Гульнара Рафисовна.", "author"), " – ", ("Казань,", "location"), " ", ("2018.", "year"), " – ",
     ("176 с.", "pages")],
    [("Соловьёва Е. А.", "author"), " ", ("Цифровые платформы в региональном здравоохранении", "title"), " ",
     ("[Электронный ресурс]", "note"), " // ", ("Медицинские технологии и управление.", "venue"), " – ",
     ("2021.", "year"), " – ", ("№ 2.", "issue"), " – URL: ",
     ("https://medtech-upr.ru/archive/2021/2/solovyova.pdf", "url"), " ",
     ("(дата обращения: 14.09.2022).", "note")],
    [("Ткаченко-Мельник О. В., Гнатюк Р. І.", "author"), " ",
     ("Вплив посухи на врожайність озимої пшениці в Степу України", "title"), " // ",
     ("Вісник аграрної науки.", "venue"), " – ", ("2020.", "year"), " – ", ("№ 7.", "issue"), " – ",
     ("С. 38–45.", "pages"), " – ", ("DOI: 10.31073/agrovisnyk202007-95.", "doi")],
    [("Довгань І. П.", "author"), " ", ("Історія українського друкарства XVI–XVIII століть", "title"), " : ",
     ("монографія.", "note"), " – ", ("Львів", "location"), " : ", ("Світ,", "publisher"), " ", ("1998.", "year"),
     " – ", ("412 с.", "pages")],
    [("Захарченко Д. С., Ильина М. В.", "author"), " ",
     ("Алгоритм сегментации спутниковых снимков на основе свёрточных сетей", "title"), " // ",
     ("Информационные технологии и системы", "venue"), " : ",
     ("материалы XV Междунар. науч.-техн. конф. (Уфа, 12–15 мая 2019 г.).", "note"), " – ", ("Уфа", "location"),
     " : ", ("УГАТУ,", "publisher"), " ", ("2019.", "year"), " – ", ("Т. 2.", "volume"), " – ",
     ("С. 201–205.", "pages")],
    [("Гусейнов Р. А.", "author"), " ", ("О некоторых свойствах решений квазилинейных уравнений", "title"), " // ",
     ("Доклады АН СССР.", "venue"), " - ", ("1967.", "year"), " - ", ("Т. 176,", "volume"), " ", ("№ 5.", "issue"),
     " - ", ("С. 1004-1007.", "pages")],
    [("Лихачёва В. Д.", "author"), " ", ("Искусство Византии IV–XV веков.", "title"), " — ", ("Л.", "location"),
     " : ", ("Искусство,", "publisher"), " ", ("1986.", "year"), " — ", ("310 с.", "pages")],
    [("17.", "marker"), " ", ("Zhukovskaya N. V., Orlov P. A.", "author"), " ",
     ("Grain boundary diffusion of nickel in nanocrystalline copper", "title"), " // ",
     ("Physics of Metals and Metallography.", "venue"), " – ", ("2011.", "year"), " – ", ("Vol. 112,", "volume"),
     " ", ("No. 3.", "issue"), " – ", ("P. 287–294.", "pages"), " – ", ("DOI: 10.1134/S0031918X11039917.", "doi")],
    [("Kuznetsova-Bel'skaya T. I.", "author"), " ", ("Regional'nye aspekty migratsionnoi politiki", "title"),
     " // ", ("Voprosy ekonomiki.", "venue"), " – ", ("2005.", "year"), " – ", ("No. 11.", "issue"), " – ",
     ("P. 77–89.", "pages")],
    [("Rahmfeld K.-H., Yılmaz E.", "author"), " ", ("Hydraulic Fracturing in Tight Reservoirs", "title"), " – ",
     ("2nd ed.", "edition"), " – ", ("Cham", "location"), " : ", ("Springer Nature,", "publisher"), " ",
     ("2022.", "year"), " – ", ("348 p.", "pages"), " – ", ("ISBN 978-3-030-91245-1.", "identifier")],
    [("О ходе реализации региональной программы «Чистая вода» в 2022 году", "title"), " / ",
     ("М-во энергетики и ЖКХ Самар. обл.", "author"), " – ", ("Самара,", "location"), " ", ("2023.", "year"),
     " – URL: ", ("https://minenergo.samregion.ru/activity/voda/otchet-2022", "url"), " ",
     ("(дата обращения: 03.04.2024).", "note")],
]

GBT: list[list[Piece]] = [
    [("[1]", "marker"), " ", ("邵振华, 韩立新, 钱卫东.", "author"), " ",
     ("基于注意力机制的中文命名实体识别方法", "title"), "[J]. ", ("计算机学报,", "venue"), " ", ("2019,", "year"), " ",
     ("42", "volume"), ("(3):", "issue"), " ", ("512-525.", "pages")],
    [("[2]", "marker"), " ", ("郑国栋.", "author"), " ", ("黏性流体力学", "title"), "[M]. ", ("2版.", "edition"), " ",
     ("北京:", "location"), " ", ("机械工业出版社,", "publisher"), " ", ("2015:", "year"), " ", ("112-130.", "pages")],
    [("[3]", "marker"), " ", ("欧阳明哲, 谭晓燕.", "author"), " ", ("面向工业互联网的边缘缓存策略", "title"), "[C]//",
     ("第十六届全国计算机网络学术会议论文集.", "venue"), " ", ("重庆:", "location"), " ",
     ("重庆大学出版社,", "publisher"), " ", ("2017:", "year"), " ", ("88-93.", "pages")],
    [("[4]", "marker"), " ", ("梁静怡.", "author"), " ", ("黄土高原典型流域土壤侵蚀时空演变研究", "title"), "[D]. ",
     ("西安:", "location"), " ", ("西北农林科技大学,", "publisher"), " ", ("2020.", "year")],
    [("[5]", "marker"), " ", ("杭州市城市规划设计研究院.", "author"), " ", ("城市慢行交通系统年度评估报告", "title"),
     "[EB/OL]. ", ("(2021-06-18)", "year"), ("[2022-03-02].", "note"), " ",
     ("https://www.hzghy.com.cn/xwzx/202106/t20210618_4471.html.", "url")],
    [("[6]", "marker"), " ", ("HARTMANN K, ÖZTÜRK S, NAKAMURA T.", "author"), " ",
     ("Thermal stability of perovskite thin films under cyclic illumination", "title"), "[J]. ",
     ("Solar Energy Materials and Solar Cells,", "venue"), " ", ("2021,", "year"), " ", ("230:", "volume"), " ",
     ("111245.", "pages")],
    [("[7]", "marker"), " ", ("曹雪松, 莫文杰.", "author"), " ", ("城市群协同发展的空间计量分析", "title"), "[J]. ",
     ("地理研究,", "venue"), " ", ("2018,", "year"), " ", ("37", "volume"), ("(11):", "issue"), " ",
     ("2204-2218.", "pages"), " ", ("DOI: 10.11821/dlyj201811917.", "doi")],
    [("[8]", "marker"), " ", ("韦国华, 杜鹃, 严小平.", "author"), " ", ("非线性系统的鲁棒控制方法", "title"), "[M]. ",
     ("3版.", "edition"), " ", ("北京:", "location"), " ", ("电子工业出版社,", "publisher"), " ", ("2011.", "year")],
    [("[9]", "marker"), " ", ("KOWALCZYK M, SANTOS R.", "author"), " ",
     ("Computational Methods for Porous Media Flow", "title"), "[M]. ", ("2nd ed.", "edition"), " ",
     ("Hoboken:", "location"), " ", ("John Wiley & Sons,", "publisher"), " ", ("2020:", "year"), " ",
     ("45-67.", "pages")],
    [("[10]", "marker"), " ", ("LIU Y P, ZHOU Q, ANDERSSON E.", "author"), " ",
     ("Lightweight transformer for on-device speech recognition", "title"), "[C]//",
     ("Proceedings of the 2022 IEEE International Conference on Acoustics, Speech and Signal Processing.", "venue"),
     " ", ("Piscataway:", "location"), " ", ("IEEE,", "publisher"), " ", ("2022:", "year"), " ",
     ("7412-7416.", "pages")],
    [("[11]", "marker"), ("闫立群，胡晓峰．", "author"), ("高校图书馆数字资源使用行为分析", "title"), "[J]．",
     ("图书情报工作，", "venue"), ("2016，", "year"), ("60", "volume"), ("（8）：", "issue"), ("45-52．", "pages")],
    [("[12]", "marker"), " ", ("孔德兴, 秦雪梅.", "author"), " ", ("一种可降解地膜的制备方法", "title"), ": ",
     ("CN201810456723.1", "identifier"), "[P]. ", ("2019-03-15.", "year")],
    [("[13]", "marker"), " ", ("广东省海洋环境监测中心.", "author"), " ",
     ("珠江口近岸海域生态环境调查报告", "title"), "[R]. ", ("广州:", "location"), " ",
     ("广东省海洋环境监测中心,", "publisher"), " ", ("2008.", "year")],
    [("[14]", "marker"), " ", ("田雨桐.", "author"), " ", ("乡村振兴中的数字治理新探索", "title"), "[N]. ",
     ("光明日报,", "venue"), " ", ("2022-08-16", "year"), ("(06).", "pages")],
    [("[15]", "marker"), ("ROSSETTI G, KAYA M, O'BRIEN D, et al.", "author"), " ",
     ("Sediment transport in braided rivers: a flume study", "title"), "[J]. ", ("Water Resources Research,", "venue"),
     " ", ("2015,", "year"), " ", ("51", "volume"), ("(9):", "issue"), " ", ("7280-7296.", "pages"), " ",
     ("DOI:10.1002/2015WR019904.", "doi")],
]

DIN: list[list[Piece]] = [
    [("Kastner, Ulrike ; Brückner, Jens:", "author"), " ",
     ("Grundwasserneubildung unter Kiefernforsten im Nordostdeutschen Tiefland.", "title"), " In: ",
     ("Hydrologie und Wasserbewirtschaftung", "venue"), " ", ("Bd. 58", "volume"), " ", ("(2014),", "year"), " ",
     ("Nr. 4,", "issue"), " ", ("S. 212–225", "pages")],
    [("Oberländer, Friedrich:", "author"), " ", ("Einführung in die technische Strömungslehre.", "title"), " ",
     ("4., überarb. Aufl.", "edition"), " ", ("Wiesbaden", "location"), " : ", ("Vieweg+Teubner,", "publisher"), " ",
     ("2009.", "year"), " – ", ("ISBN 978-3-8348-0712-0", "identifier")],
    [("Lindqvist-Hoffmann, Birgit (Hrsg.):", "editor"), " ", ("Handbuch der Quartiersforschung.", "title"), " ",
     ("Opladen", "location"), " : ", ("Leske + Budrich,", "publisher"), " ", ("1998", "year")],
    [("Yıldırım, Ayşe:", "author"), " ", ("Mehrsprachigkeit im Grundschulunterricht.", "title"), " In: ",
     ("Wegener, Heide ; Korkmaz, Deniz (Hrsg.):", "editor"), " ",
     ("Sprachförderung in der Migrationsgesellschaft.", "venue"), " ", ("Münster", "location"), " : ",
     ("Waxmann,", "publisher"), " ", ("2013,", "year"), " ", ("S. 87–104", "pages")],
    [("Hagedorn, Matthias:", "author"), " ",
     ("Numerische Untersuchung turbulenter Mischungsvorgänge in Rührkesseln.", "title"), " ",
     ("Karlsruhe,", "location"), " ", ("Karlsruher Institut für Technologie,", "publisher"), " ", ("Diss.,", "note"),
     " ", ("2012", "year")],
    [("Vogt, Reinhard:", "author"), " ", ("Die Agrarreform in Württemberg 1817–1848.", "title"), " ",
     ("Stuttgart", "location"), " : ", ("Kohlhammer,", "publisher"), " ", ("1972", "year"), " (",
     ("Veröffentlichungen der Kommission für geschichtliche Landeskunde in Baden-Württemberg", "series"), " ; ",
     ("71", "volume"), ")"],
    [("Petersen, Lars ; Nguyen, Thi Hoa ; Albrecht, Sven:", "author"), " ",
     ("Energieeffiziente Routenplanung für Elektrofahrzeuge.", "title"), " In: ",
     ("Tagungsband der 12. Fachtagung Mobilität und Verkehr.", "venue"), " ", ("Dresden", "location"), " : ",
     ("TUDpress,", "publisher"), " ", ("2019,", "year"), " ", ("S. 45–58", "pages")],
    [("Krüger-Almeida, Sofia:", "author"), " ", ("Zur Rezeption Spinozas in der Frühaufklärung.", "title"), " In: ",
     ("Deutsche Zeitschrift für Philosophie", "venue"), " ", ("64", "volume"), " ", ("(2016),", "year"), " ",
     ("Heft 2,", "issue"), " ", ("S. 233–251", "pages")],
    [("Hellwig, Gerhard:", "author"), " ",
     ("Über die Konvergenz eines Iterationsverfahrens für nichtlineare Randwertaufgaben.", "title"), " In: ",
     ("Zeitschrift für angewandte Mathematik und Mechanik", "venue"), " ", ("Bd. 46", "volume"), " ",
     ("(1966),", "year"), " ", ("S. 371–379", "pages")],
    [("Reinhold, Katja:", "author"), " ", ("Plattformarbeit in Deutschland : Umfang, Formen und Risiken.", "title"),
     " ", ("Düsseldorf,", "location"), " ", ("2021.", "year"), " – URL ",
     ("https://www.wsi-forschung.de/studien/plattformarbeit-2021.pdf", "url"), " – ",
     ("Überprüfungsdatum 2023-05-11", "note")],
    [("Engel, Hartmut ; Weiß, Dagmar ; Sánchez Ortega, Luis:", "author"), " ",
     ("Werkstoffkunde für Ingenieure.", "title"), " ", ("7., neu bearb. Aufl.", "edition"), " ",
     ("München", "location"), " : ", ("Hanser,", "publisher"), " ", ("2017", "year")],
    [("Pichler, Theresa:", "author"), " ", ("Gemeindefusionen in der Steiermark : eine Bilanz.", "title"), " In: ",
     ("Österreichische Zeitschrift für Politikwissenschaft", "venue"), " ", ("47", "volume"), " ", ("(2018),", "year"),
     " ", ("Nr. 3,", "issue"), " ", ("S. 17–31.", "pages"), " – ", ("DOI 10.15203/ozp.2431.vol47iss3", "doi")],
    [("Baumgartner, Felix ; Osei, Kwame:", "author"), " ",
     ("Wärmepumpen im Gebäudebestand. Ergebnisse eines Feldtests 2015–2017.", "title"), " ",
     ("Abschlussbericht.", "note"), " ", ("Freiburg", "location"), " : ",
     ("Fraunhofer-Institut für Solare Energiesysteme,", "publisher"), " ", ("2018", "year")],
    [("HOFSTETTER, Barbara und Gül DEMIR,", "author"), " ", ("2011.", "year"), " ",
     ("Kommunale Integrationspolitik im Vergleich.", "title"), " ", ("Wiesbaden:", "location"), " ",
     ("VS Verlag für Sozialwissenschaften.", "publisher"), " ", ("ISBN 978-3-531-17841-7", "identifier")],
]

ABNT: list[list[Piece]] = [
    [("CARVALHO, Luciana M.; ALBUQUERQUE, Tiago F.", "author"), " ",
     ("Qualidade da água em reservatórios do semiárido pernambucano.", "title"), " ",
     ("Revista Brasileira de Recursos Hídricos,", "venue"), " ", ("Porto Alegre,", "location"), " ",
     ("v. 22,", "volume"), " ", ("n. 3,", "issue"), " ", ("p. 145-158,", "pages"), " ", ("2017.", "year")],
    [("MENDONÇA, Otávio Roberto.", "author"), " ", ("Direito ambiental e sustentabilidade urbana.", "title"), " ",
     ("3. ed.", "edition"), " ", ("Rio de Janeiro:", "location"), " ", ("Lumen Juris,", "publisher"), " ",
     ("2012.", "year"), " ", ("412 p.", "pages")],
    [("OLIVEIRA, Beatriz Lima.", "author"), " ", ("Memória operária e patrimônio industrial.", "title"), " In: ",
     ("FERRAZ, Carlos; TEIXEIRA, Helena (org.).", "editor"), " ", ("Cidade, trabalho e memória.", "venue"), " ",
     ("Belo Horizonte:", "location"), " ", ("Autêntica,", "publisher"), " ", ("2015.", "year"), " ",
     ("p. 73-98.", "pages")],
    [("NASCIMENTO, Juliana Prado do.", "author"), " ",
     ("Políticas de permanência estudantil em universidades federais.", "title"), " ", ("2019.", "year"), " ",
     ("214 f.", "pages"), " ", ("Tese (Doutorado em Educação)", "note"), " – ",
     ("Faculdade de Educação, Universidade Federal da Bahia,", "publisher"), " ", ("Salvador,", "location"), " ",
     ("2019.", "year")],
    [("PIMENTEL, Lucas A. et al.", "author"), " ", ("Desmatamento e regime de chuvas no sul da Amazônia.", "title"),
     " ", ("Acta Amazonica,", "venue"), " ", ("Manaus,", "location"), " ", ("v. 50,", "volume"), " ",
     ("n. 1,", "issue"), " ", ("p. 12-21,", "pages"), " ", ("jan./mar. 2020.", "year"), " ",
     ("DOI: 10.1590/1809-4392202091837.", "doi"), " Disponível em: ",
     ("https://www.scielo.br/j/aa/a/Xk7pQ2mLrT9vWbN4cZ8yHfD/?lang=pt.", "url"), " ",
     ("Acesso em: 5 ago. 2021.", "note")],
    [("BEZERRA, Marcelo Henrique de; ARAÚJO, Fernanda.", "author"), " ",
     ("Classificação automática de documentos jurídicos com redes neurais.", "title"), " In: ",
     ("SIMPÓSIO BRASILEIRO DE BANCO DE DADOS,", "venue"), " ", ("34.,", "note"), " ", ("2019,", "year"), " ",
     ("Fortaleza.", "location"), " ", ("Anais [...].", "venue"), " ", ("Porto Alegre:", "location"), " ",
     ("SBC,", "publisher"), " ", ("2019.", "year"), " ", ("p. 211-216.", "pages")],
    [("FUNDAÇÃO ESTADUAL DO MEIO AMBIENTE (Minas Gerais).", "author"), " ",
     ("Relatório de qualidade do ar da Região Metropolitana de Belo Horizonte: ano-base 2016.", "title"), " ",
     ("Belo Horizonte:", "location"), " ", ("FEAM,", "publisher"), " ", ("2017.", "year"), " ", ("88 p.", "pages")],
    [("BARRETO, Aníbal Queiroz.", "author"), " ", ("Introdução à economia rural.", "title"), " ",
     ("São Paulo:", "location"), " ", ("Pioneira,", "publisher"), " ", ("1974.", "year"), " ", ("256 p.", "pages")],
    [("GUTIÉRREZ, María José; PAREDES, Andrés.", "author"), " ",
     ("La educación rural en los Andes peruanos: tensiones entre escuela y comunidad.", "title"), " ",
     ("Revista Iberoamericana de Educación,", "venue"), " ", ("Madrid,", "location"), " ", ("v. 71,", "volume"), " ",
     ("n. 2,", "issue"), " ", ("p. 89-104,", "pages"), " ", ("2016.", "year")],
    [("LOPES, Larissa.", "author"), " ", ("Como funciona a coleta seletiva em Curitiba.", "title"), " ",
     ("Gazeta do Povo,", "venue"), " ", ("Curitiba,", "location"), " ", ("14 mar. 2018.", "year"), " Disponível em: ",
     ("https://www.gazetadopovo.com.br/curitiba/coleta-seletiva-como-funciona-3kx9.", "url"), " ",
     ("Acesso em: 20 abr. 2019.", "note")],
    [("TAVARES, Vinícius Cunha.", "author"), " ", ("Modelagem hidrológica da bacia do rio Piracicaba.", "title"), " ",
     ("2008.", "year"), " ", ("132 f.", "pages"), " ", ("Dissertação (Mestrado em Engenharia Civil)", "note"), " – ",
     ("Escola de Engenharia de São Carlos, Universidade de São Paulo,", "publisher"), " ", ("São Carlos,", "location"),
     " ", ("2008.", "year")],
    [("RIBEIRO, A. C.; MACHADO, L. T.; FRANCO, E. S.", "author"), " ",
     ("Prevalência de hipertensão arterial em adultos de uma capital do Nordeste.", "title"), " ",
     ("Cadernos de Saúde Pública,", "venue"), " ", ("Rio de Janeiro,", "location"), " ", ("v. 36,", "volume"), " ",
     ("n. 9,", "issue"), " ", ("e00214519,", "pages"), " ", ("set. 2020.", "year")],
    [("KOWALSKI, Tomasz.", "author"), " ", ("A cidade e o rio: ensaios de geografia urbana.", "title"), " ",
     ("Tradução de Ana Lúcia Ferreira.", "note"), " ", ("São Paulo:", "location"), " ",
     ("Annablume,", "publisher"), " ", ("2009.", "year"), " ", ("198 p.", "pages"), " ",
     ("ISBN 978-85-7419-628-2.", "identifier")],
    [("DUARTE, Vicente P.", "author"), " ", ("A reforma agrária no Paraná: 1960-1985.", "title"), " ",
     ("Revista de Sociologia e Política,", "venue"), " ", ("Curitiba,", "location"), " ", ("n. 5,", "issue"), " ",
     ("p. 61-79,", "pages"), " ", ("1995.", "year")],
]

VANCOUVER: list[list[Piece]] = [
    [("1.", "marker"), ("Kirchner HJ,Okonkwo AE,Tanaka Y.", "author"),
     ("Serum ferritin as a predictor of outcome in septic shock.", "title"), ("Crit Care Med", "venue"), " ",
     ("2003;", "year"), ("31", "volume"), ("(7):", "issue"), ("1920-6.", "pages")],
    [("Haddad-Lorenzi M, Lindgren P, Adeyemi O, et al.", "author"), " ",
     ("Early mobilisation after hip fracture surgery: a randomised trial.", "title"), " ",
     ("Lancet Healthy Longev.", "venue"), " ", ("2022 Feb 14;", "year"), ("3", "volume"), ("(2):", "issue"),
     ("e101-e109.", "pages"), " ", ("doi:10.1016/S2666-7568(21)00912-4", "doi")],
    [("Castellano RF, Whitmore DA.", "author"), " ", ("Clinical pharmacokinetics in renal disease.", "title"), " ",
     ("2nd ed.", "edition"), " ", ("New York:", "location"), " ", ("McGraw-Hill;", "publisher"), " ",
     ("2002.", "year")],
    [("Nakagawa K, Brennan SL.", "author"), " ", ("Imaging of the pancreas.", "title"), " In: ",
     ("Osterberg T, Dufresne A, editors.", "editor"), " ", ("Abdominal imaging: principles and practice.", "venue"),
     " ", ("3rd ed.", "edition"), " ", ("Philadelphia:", "location"), " ", ("Saunders;", "publisher"), " ",
     ("2011.", "year"), " ", ("p. 455-89.", "pages")],
    [("12.", "marker"), ("Ferreira-Lima CA,Batista RM.", "author"),
     ("Prevalence of latent tuberculosis among prison staff.", "title"), ("Rev Saude Publica.", "venue"),
     ("2017;", "year"), ("51:", "volume"), ("88.", "pages")],
    [("Okafor CN, Petrenko VV.", "author"), " ", ("Wearable sensors for gait analysis in Parkinson disease.", "title"),
     " In: ",
     ("Proceedings of the 39th Annual International Conference of the IEEE Engineering in Medicine and Biology "
      "Society;", "venue"), " ", ("2017 Jul 11-15;", "year"), " ", ("Jeju, Korea.", "location"), " ",
     ("Piscataway (NJ):", "location"), " ", ("IEEE;", "publisher"), " ", ("2017.", "year"), " ",
     ("p. 2214-7.", "pages")],
    [("Yamamoto S, Greene L, Abdullayev R.", "author"), " ",
     ("Vitamin D status and bone density in adolescent athletes.", "title"), " ",
     ("J Pediatr Endocrinol Metab.", "venue"), " ", ("2019;", "year"), ("32", "volume"), ("(5):", "issue"),
     ("467–74.", "pages")],
    [("National Institute for Occupational Health (ZA).", "author"), " ",
     ("Silica exposure in small-scale mining: a field survey.", "title"), " ", ("Johannesburg:", "location"), " ",
     ("NIOH;", "publisher"), " ", ("2014.", "year"), " ", ("Report No.: 14-032.", "note")],
    [("Duarte-Valle M.", "author"), " ", ("Antimicrobial stewardship in rural hospitals", "title"), " ",
     ("[dissertation].", "note"), " ", ("Iowa City (IA):", "location"), " ", ("University of Iowa;", "publisher"), " ",
     ("2016.", "year")],
    [("Australian Institute of Sports Medicine.", "author"), " ",
     ("Concussion in community sport: guidance for coaches", "title"), " ", ("[Internet].", "note"), " ",
     ("Canberra:", "location"), " ", ("AISM;", "publisher"), " ", ("2021", "year"), " ",
     ("[updated 2022 Mar 2; cited 2023 Jan 18].", "note"), " Available from: ",
     ("https://www.aism.org.au/guidance/concussion-community-sport", "url")],
    [("Sjöberg B, Åkesson K.", "author"), " ", ("Plasma renin activity in essential hypertension.", "title"), " ",
     ("Acta Med Scand.", "venue"), " ", ("1974;", "year"), ("196", "volume"), ("(1-6):", "issue"), ("211-5.", "pages")],
    [("3.", "marker"), ("Mensah KA,Dlamini T,O'Connor F,Weiss GR.", "author"),
     ("Cost-effectiveness of point-of-care HIV viral load testing.", "title"), ("AIDS.", "venue"), ("2020;", "year"),
     ("34", "volume"), ("(11):", "issue"), ("1651-60.", "pages"), ("doi:10.1097/QAD.0000000000009127", "doi")],
    [("Ivanova-Clarke E, Harutyunyan A.", "author"), " ", ("Long COVID symptoms in health care workers.", "title"), " ",
     ("BMJ Open.", "venue"), " ", ("2023 Sep;", "year"), ("13", "volume"), ("(9):", "issue"), ("e071234.", "pages"),
     " ", ("PMID: 37712345.", "identifier")],
    [("27.", "marker"), " ", ("Rahimi F,Bauer T.", "author"),
     ("Gene expression profiling in pediatric leukemia.", "title"),
     ("Blood.", "venue"), ("2010;", "year"), ("116", "volume"), ("(21 Suppl):", "issue"), ("3198.", "pages")],
    [("Ortega-Ruiz J, Moreau C, editors.", "editor"), " ", ("Tropical dermatology.", "title"), " ",
     ("Oxford:", "location"), " ", ("Blackwell Science;", "publisher"), " ", ("1999.", "year")],
]

FOOTNOTE: list[list[Piece]] = [
    [("1.", "marker"), " ", ("Margaret L. Okonjo-Harris,", "author"), " ",
     ("Rivers of Salt: Trade and Empire on the Niger Delta, 1820–1900", "title"), " (", ("Chicago:", "location"), " ",
     ("University of Chicago Press,", "publisher"), " ", ("2004),", "year"), " ", ("45–47.", "pages")],
    [("14.", "marker"), " ", ("Daniel Whitcombe,", "author"), " ",
     ("“Parish Registers and the Demography of Plague in Norwich,”", "title"), " ",
     ("Journal of Urban History", "venue"), " ", ("38,", "volume"), " ", ("no. 2", "issue"), " ", ("(2012):", "year"),
     " ", ("211–34.", "pages")],
    [("7.", "marker"), " ", ("Hélène Marchetti,", "author"), " ",
     ("“The Merchant’s Ledger as Autobiography,”", "title"), " in ",
     ("Writing the Self in Early Modern Europe,", "venue"), " ", ("ed. Paul Sandoval and Ruth Eisenberg", "editor"),
     " (", ("Ithaca, NY:", "location"), " ", ("Cornell University Press,", "publisher"), " ", ("1997),", "year"), " ",
     ("112–30.", "pages")],
    [("3", "marker"), " Vgl. ", ("Burkhard Kranich,", "author"), " ",
     ("Die Reichsstädte und der Dreißigjährige Krieg,", "title"), " ", ("Göttingen", "location"), " ",
     ("1981,", "year"), " ", ("S. 214 f.", "pages")],
    ["Siehe ", ("Ingrid Waldmüller,", "author"), " ",
     ("Arbeitsmigration und Stadtentwicklung im Ruhrgebiet,", "title"), " in: ",
     ("Archiv für Sozialgeschichte", "venue"), " ", ("53", "volume"), " ", ("(2013),", "year"), " ",
     ("S. 301–327,", "pages"), " hier ", ("S. 310.", "pages")],
    [("12.", "marker"), " ", ("Claire Bouvier-Lemaire,", "author"), " ",
     ("« Les confréries de métiers à Lyon au XVIIe siècle »,", "title"), " ",
     ("Revue d’histoire moderne et contemporaine,", "venue"), " ", ("t. 58,", "volume"), " ", ("n° 3,", "issue"), " ",
     ("2011,", "year"), " ", ("p. 41-67.", "pages")],
    ["Voir ", ("Étienne Garnier,", "author"), " ",
     ("La frontière et ses marges. Essai sur le Dauphiné médiéval,", "title"), " ", ("Grenoble,", "location"), " ",
     ("Presses universitaires de Grenoble,", "publisher"), " ", ("1989,", "year"), " ", ("p. 233.", "pages")],
    [("15", "marker"), " См.: ", ("Баженова Т. Ф.", "author"), " ",
     ("Провинциальная печать и цензура в 1860-е годы", "title"),
     " // ", ("Русская литература.", "venue"), " ", ("2007.", "year"), " ", ("№ 4.", "issue"), " ",
     ("С. 55–71.", "pages")],
    ["Подробнее см.: ", ("Лаптев-Орешкин В. А.", "author"), " ", ("Земская статистика и её создатели.", "title"), " ",
     ("М.,", "location"), " ", ("1979.", "year"), " ", ("С. 88–90.", "pages")],
    [("4.", "marker"), " ", ("Rosa María Echeverría,", "author"), " ",
     ("La Inquisición en Nueva España: procesos y castigos", "title"), " (", ("México:", "location"), " ",
     ("Fondo de Cultura Económica,", "publisher"), " ", ("1993),", "year"), " ", ("78.", "pages")],
    [("22.", "marker"), " ", ("Aylin Demirtaş,", "author"), " ",
     ("“Waqf Economies and Urban Space in Ottoman Bursa, 1500–1650”", "title"), " (", ("PhD diss.,", "note"), " ",
     ("University of Michigan,", "publisher"), " ", ("2015),", "year"), " ", ("88–92.", "pages")],
    [("9.", "marker"), " ", ("Samuel Odhiambo,", "author"), " ",
     ("“Mapping Informal Settlements with Drones,”", "title"),
     " ", ("Urban Futures Blog,", "venue"), " ", ("March 3, 2019,", "year"), " ",
     ("https://urbanfutures.org/blog/mapping-informal-settlements.", "url")],
    [("18", "marker"), " Vgl. ", ("Karl-Heinz Brenner,", "author"), " ", ("Zunft und Rat in Nürnberg,", "title"),
     " in: ",
     ("Hans-Jürgen Oster (Hg.),", "editor"), " ", ("Stadt und Handwerk im Spätmittelalter,", "venue"), " ",
     ("Sigmaringen", "location"), " ", ("1985,", "year"), " ", ("S. 57–80,", "pages"), " hier ", ("S. 63.", "pages")],
    [("5.", "marker"), " ", ("Priya Raghunathan and Tomás Vidal,", "author"), " ",
     ("“Monsoon Credit: Moneylenders and Farmers in Colonial Madras,”", "title"), " ",
     ("Modern Asian Studies", "venue"), " ", ("51,", "volume"), " ", ("no. 4", "issue"), " ", ("(2017):", "year"), " ",
     ("1022–58,", "pages"), " ", ("https://doi.org/10.1017/S0026749X1600091Z.", "doi")],
    ["Див.: ", ("Кравчук-Левицька Н. М.", "author"), " ", ("Українська преса Галичини 1848–1914 рр.", "title"), " ",
     ("Львів", "location"), " : ", ("Каменяр,", "publisher"), " ", ("2003.", "year"), " ", ("С. 140.", "pages")],
]

FAMILIES: dict[str, list[list[Piece]]] = {
    "gost": GOST,
    "gbt": GBT,
    "din": DIN,
    "abnt": ABNT,
    "vancouver": VANCOUVER,
    "footnote": FOOTNOTE,
}


def assemble(pieces: list[Piece], identifier: str) -> dict:
    """The corpus record of one reference: its pieces joined exactly, spans at the labelled ones."""
    text, spans = "", []
    for piece in pieces:
        if isinstance(piece, str):
            text += piece
            continue
        piece_text, label = piece
        if not piece_text or piece_text != piece_text.strip():
            raise ValueError(f"{identifier}: labelled piece {piece_text!r} is empty or has outer whitespace")
        spans.append({"start": len(text), "end": len(text) + len(piece_text), "label": label, "source_label": label})
        text += piece_text
    if text != " ".join(text.split()):
        raise ValueError(f"{identifier}: text is not whitespace-folded: {text!r}")
    return {"id": identifier, "text": text, "spans": spans}


def build() -> list[dict]:
    """Every reference of every family, in file order."""
    return [assemble(pieces, f"styles-check-{family}-{number:02d}")
            for family, references in FAMILIES.items()
            for number, pieces in enumerate(references, start=1)]


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if len(argv) > 1:
        print("usage: python data/build_styles_check.py [OUTPUT]", file=sys.stderr)
        return 2
    out = Path(argv[0]) if argv else OUT
    records = build()
    out.write_text("".join(json.dumps(record, ensure_ascii=False) + "\n" for record in records), encoding="utf-8")
    print(f"wrote {len(records)} references to {out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
