"""Word lists for synthetic organisations: name styles of many countries and languages, with accents.

Every name is invented from common surnames, places and trade words; any likeness to a real company
is chance. Country weights roughly follow where certificates are held (ISO Survey 2024: China far
ahead, then Italy, Germany, Japan, India, Spain, the UK …); they shape the data, they are not data.
"""

from __future__ import annotations


def _l(text: str) -> list[str]:
    """A word list written compactly: items separated by "|"."""
    return text.split("|")


# Sector key → IAF code (IAF ID 1; see isocert/rules/data/iaf_codes.csv) and how often it appears.
SECTORS: dict[str, tuple[int, int]] = {
    "metal": (17, 12),
    "precision": (17, 6),
    "machinery": (18, 10),
    "electrical": (19, 8),
    "electronics": (19, 5),
    "construction": (28, 14),
    "plastics": (14, 5),
    "chemicals": (12, 4),
    "food": (3, 6),
    "logistics": (31, 6),
    "software": (33, 7),
    "engineering": (34, 8),
    "consulting": (35, 7),
    "printing": (9, 2),
    "textiles": (4, 3),
    "health": (38, 3),
    "trade": (29, 9),
    "automotive": (22, 4),
    "packaging": (7, 2),
    "cleaning": (35, 3),
    "energy": (25, 2),
    "water": (27, 1),
    "recycling": (24, 2),
    "furniture": (23, 2),
    "pharma": (13, 1),
    "glass": (15, 1),
    "concrete": (16, 2),
    "hotel": (30, 1),
    "education": (37, 1),
    "wood": (6, 2),
}

# Trade words per language; a sector missing in a language falls back to English.
TRADE: dict[str, dict[str, list[str]]] = {
    "en": {
        "metal": _l("Metalworks|Steel Fabrications|Metal Finishing"),
        "precision": _l("Precision Engineering|Precision Components"),
        "machinery": _l("Machinery|Machine Tools|Industrial Equipment"),
        "electrical": _l("Electrical Services|Electrical Contractors"),
        "electronics": _l("Electronics|Circuit Systems"),
        "construction": _l("Construction|Builders|Civil Engineering|Building Services"),
        "plastics": _l("Plastics|Polymer Products|Moulding"),
        "chemicals": _l("Chemicals|Coatings"),
        "food": _l("Foods|Bakeries|Dairy"),
        "logistics": _l("Logistics|Freight|Haulage|Transport"),
        "software": _l("Software|Digital Solutions|IT Services|Data Systems"),
        "engineering": _l("Engineering|Design Engineers|Technical Services"),
        "consulting": _l("Consulting|Management Services|Advisory"),
        "printing": _l("Printing|Print & Packaging"),
        "textiles": _l("Textiles|Garments"),
        "health": _l("Healthcare|Medical Services|Care Homes"),
        "trade": _l("Trading|Supplies|Distribution|Wholesale"),
        "automotive": _l("Automotive|Vehicle Components"),
        "packaging": _l("Packaging|Cartons"),
        "cleaning": _l("Cleaning Services|Facility Services"),
        "energy": _l("Energy|Power Systems"),
        "water": _l("Water Services|Water Treatment"),
        "recycling": _l("Recycling|Waste Management"),
        "furniture": _l("Furniture|Interiors"),
        "pharma": _l("Pharmaceuticals|Life Sciences"),
        "glass": _l("Glass|Ceramics"),
        "concrete": _l("Concrete|Aggregates"),
        "hotel": _l("Hotels|Hospitality"),
        "education": _l("Training|Academy"),
        "wood": _l("Timber|Joinery"),
    },
    "de": {
        "metal": _l("Metallbau|Stahlbau|Blechbearbeitung|Oberflächentechnik"),
        "precision": _l("Präzisionsteile|Feinmechanik|Präzisionstechnik"),
        "machinery": _l("Maschinenbau|Anlagenbau|Werkzeugbau"),
        "electrical": _l("Elektrotechnik|Elektroanlagen"),
        "electronics": _l("Elektronik|Steuerungstechnik"),
        "construction": _l("Bau|Hochbau|Tiefbau|Bauunternehmung"),
        "plastics": _l("Kunststofftechnik|Kunststoffwerk"),
        "chemicals": _l("Chemie|Lackfabrik"),
        "food": _l("Lebensmittel|Bäckerei|Fleischwaren|Molkerei"),
        "logistics": _l("Logistik|Spedition|Transporte"),
        "software": _l("Software|Informationstechnik|IT-Systemhaus"),
        "engineering": _l("Ingenieurbüro|Ingenieurgesellschaft|Technik"),
        "consulting": _l("Unternehmensberatung|Beratung"),
        "printing": _l("Druckerei|Druck & Medien"),
        "textiles": _l("Textilwerke|Weberei"),
        "health": _l("Pflegedienst|Klinik|Gesundheitszentrum"),
        "trade": _l("Handel|Großhandel|Handelsgesellschaft"),
        "automotive": _l("Fahrzeugteile|Autoteile"),
        "packaging": _l("Verpackungen|Kartonagen"),
        "cleaning": _l("Gebäudereinigung|Gebäudedienste"),
        "energy": _l("Energietechnik|Stadtwerke"),
        "water": _l("Wassertechnik|Wasserversorgung"),
        "recycling": _l("Recycling|Entsorgung"),
        "furniture": _l("Möbelwerkstätten|Innenausbau"),
        "pharma": _l("Pharma"),
        "glass": _l("Glaswerke|Keramik"),
        "concrete": _l("Betonwerk|Transportbeton"),
        "wood": _l("Holzbau|Sägewerk|Schreinerei"),
    },
    "fr": {
        "metal": _l("Métallerie|Chaudronnerie|Traitement de Surface"),
        "precision": _l("Mécanique de Précision|Décolletage"),
        "machinery": _l("Machines Industrielles|Équipements Industriels"),
        "electrical": _l("Électricité|Câblage|Électricité Industrielle"),
        "electronics": _l("Électronique|Automatismes"),
        "construction": _l("Bâtiment|Travaux Publics|Construction|Génie Civil"),
        "plastics": _l("Plasturgie|Injection Plastique"),
        "chemicals": _l("Chimie|Peintures"),
        "food": _l("Alimentaire|Boulangerie|Fromagerie|Salaisons"),
        "logistics": _l("Transports|Logistique|Messagerie"),
        "software": _l("Informatique|Logiciels|Systèmes d'Information"),
        "engineering": _l("Ingénierie|Bureau d'Études"),
        "consulting": _l("Conseil|Services aux Entreprises"),
        "printing": _l("Imprimerie|Arts Graphiques"),
        "textiles": _l("Textile|Tissage"),
        "health": _l("Santé|Clinique|Soins à Domicile"),
        "trade": _l("Négoce|Distribution|Commerce"),
        "automotive": _l("Équipements Automobiles"),
        "packaging": _l("Emballages|Cartonnages"),
        "cleaning": _l("Nettoyage|Propreté"),
        "energy": _l("Énergie|Énergies Nouvelles"),
        "recycling": _l("Recyclage|Environnement"),
        "furniture": _l("Ameublement|Agencement"),
        "glass": _l("Verrerie|Céramique"),
        "concrete": _l("Béton|Préfabrication"),
        "wood": _l("Menuiserie|Scierie|Charpente"),
    },
    "it": {
        "metal": _l("Carpenteria Metallica|Lavorazioni Metalliche|Zincatura"),
        "precision": _l("Meccanica di Precisione|Minuteria Metallica"),
        "machinery": _l("Meccanica|Macchine Utensili|Impianti Industriali"),
        "electrical": _l("Impianti Elettrici|Elettrotecnica"),
        "electronics": _l("Elettronica|Automazione"),
        "construction": _l("Costruzioni|Edilizia|Costruzioni Generali|Restauri"),
        "plastics": _l("Materie Plastiche|Stampaggio Plastica"),
        "chemicals": _l("Chimica|Vernici"),
        "food": _l("Alimentari|Pastificio|Caseificio|Salumificio"),
        "logistics": _l("Trasporti|Logistica|Autotrasporti"),
        "software": _l("Informatica|Software|Sistemi Informativi"),
        "engineering": _l("Ingegneria|Progettazioni"),
        "consulting": _l("Consulenze|Servizi Aziendali"),
        "printing": _l("Tipografia|Arti Grafiche"),
        "textiles": _l("Tessile|Maglificio|Lanificio"),
        "health": _l("Sanità|Casa di Cura|Servizi Sanitari"),
        "trade": _l("Commerciale|Forniture|Distribuzione"),
        "automotive": _l("Componenti Auto"),
        "packaging": _l("Imballaggi|Cartotecnica"),
        "cleaning": _l("Pulizie|Multiservizi"),
        "energy": _l("Energia|Impianti Fotovoltaici"),
        "recycling": _l("Ecologia|Recupero Rifiuti"),
        "furniture": _l("Arredamenti|Mobilificio"),
        "glass": _l("Vetreria|Ceramiche"),
        "concrete": _l("Calcestruzzi|Prefabbricati"),
        "wood": _l("Falegnameria|Legnami"),
    },
    "es": {
        "metal": _l("Estructuras Metálicas|Calderería|Metalúrgica"),
        "precision": _l("Mecanizados de Precisión|Mecanizados"),
        "machinery": _l("Maquinaria|Maquinaria Industrial"),
        "electrical": _l("Instalaciones Eléctricas|Electricidad"),
        "electronics": _l("Electrónica|Automatización"),
        "construction": _l("Construcciones|Obras y Servicios|Constructora|Reformas"),
        "plastics": _l("Plásticos|Inyección de Plásticos"),
        "chemicals": _l("Química|Pinturas"),
        "food": _l("Alimentación|Conservas|Panadería|Cárnicas"),
        "logistics": _l("Transportes|Logística"),
        "software": _l("Informática|Sistemas|Soluciones Tecnológicas"),
        "engineering": _l("Ingeniería|Proyectos"),
        "consulting": _l("Consultoría|Asesoría"),
        "printing": _l("Artes Gráficas|Imprenta"),
        "textiles": _l("Textil|Confecciones"),
        "health": _l("Servicios Sanitarios|Clínica|Residencia"),
        "trade": _l("Comercial|Suministros|Distribuciones"),
        "automotive": _l("Componentes de Automoción"),
        "packaging": _l("Envases|Embalajes"),
        "cleaning": _l("Limpiezas|Servicios Integrales"),
        "energy": _l("Energía|Renovables"),
        "recycling": _l("Reciclajes|Medio Ambiente"),
        "furniture": _l("Muebles|Carpintería"),
        "concrete": _l("Hormigones|Áridos"),
        "wood": _l("Maderas|Aserradero"),
    },
    "pt": {
        "metal": _l("Metalúrgica|Serralharia|Estruturas Metálicas"),
        "precision": _l("Usinagem de Precisão|Mecânica de Precisão"),
        "machinery": _l("Máquinas|Equipamentos Industriais"),
        "electrical": _l("Instalações Elétricas|Eletricidade"),
        "electronics": _l("Eletrônica|Automação"),
        "construction": _l("Construções|Engenharia e Construção|Construtora|Obras"),
        "plastics": _l("Plásticos|Embalagens Plásticas"),
        "chemicals": _l("Química|Tintas"),
        "food": _l("Alimentos|Laticínios|Panificação|Frigorífico"),
        "logistics": _l("Transportes|Logística"),
        "software": _l("Informática|Sistemas|Tecnologia da Informação"),
        "engineering": _l("Engenharia|Projetos"),
        "consulting": _l("Consultoria|Assessoria"),
        "printing": _l("Gráfica|Artes Gráficas"),
        "textiles": _l("Têxtil|Confecções"),
        "health": _l("Saúde|Clínica|Serviços Hospitalares"),
        "trade": _l("Comércio|Distribuidora|Comercial"),
        "automotive": _l("Autopeças"),
        "packaging": _l("Embalagens"),
        "cleaning": _l("Limpeza|Serviços Gerais"),
        "energy": _l("Energia|Energia Solar"),
        "recycling": _l("Reciclagem|Ambiental"),
        "furniture": _l("Móveis|Marcenaria"),
        "concrete": _l("Concreto|Pré-Moldados"),
        "wood": _l("Madeiras|Serraria"),
    },
    "nl": {
        "metal": _l("Metaalbewerking|Staalbouw|Constructiewerk"),
        "precision": _l("Fijnmechanica|Precisietechniek"),
        "machinery": _l("Machinebouw|Installatietechniek"),
        "electrical": _l("Elektrotechniek|Elektro"),
        "construction": _l("Bouw|Aannemersbedrijf|Bouwbedrijf|Grond- en Wegenbouw"),
        "plastics": _l("Kunststoffen|Kunststofverwerking"),
        "food": _l("Voedingsmiddelen|Bakkerij|Zuivel"),
        "logistics": _l("Transport|Logistiek|Expeditie"),
        "software": _l("Automatisering|Software|ICT"),
        "engineering": _l("Ingenieursbureau|Techniek"),
        "consulting": _l("Advies|Adviesbureau"),
        "printing": _l("Drukkerij"),
        "health": _l("Zorg|Thuiszorg|Zorggroep"),
        "trade": _l("Handel|Groothandel|Handelsonderneming"),
        "cleaning": _l("Schoonmaak|Schoonmaakdiensten"),
        "recycling": _l("Recycling|Afvalverwerking"),
        "wood": _l("Houtbouw|Timmerfabriek"),
    },
    "sv": {
        "metal": _l("Mekaniska Verkstad|Plåtslageri|Smide"),
        "precision": _l("Precisionsmekanik|Finmekanik"),
        "machinery": _l("Maskin|Maskinteknik"),
        "electrical": _l("Elektriska|El & Teknik"),
        "construction": _l("Bygg|Byggnads|Entreprenad|Mark & Anläggning"),
        "plastics": _l("Plast|Plastteknik"),
        "food": _l("Livsmedel|Bageri|Mejeri"),
        "logistics": _l("Åkeri|Transport|Logistik"),
        "software": _l("Data|Systemutveckling|IT-konsult"),
        "engineering": _l("Ingenjörsbyrå|Teknik"),
        "consulting": _l("Konsult|Rådgivning"),
        "trade": _l("Handel|Grossist"),
        "cleaning": _l("Städ|Lokalvård"),
        "wood": _l("Trä|Snickeri|Sågverk"),
    },
    "no": {
        "metal": _l("Mekaniske Verksted|Sveis|Stålkonstruksjoner"),
        "machinery": _l("Maskin|Maskinering"),
        "electrical": _l("Elektro|Elektroinstallasjon"),
        "construction": _l("Bygg|Entreprenør|Anlegg|Byggservice"),
        "food": _l("Næringsmidler|Fiskeindustri|Bakeri"),
        "logistics": _l("Transport|Logistikk"),
        "software": _l("Data|IT-Tjenester"),
        "engineering": _l("Rådgivende Ingeniører|Teknikk"),
        "consulting": _l("Rådgivning"),
        "trade": _l("Handel|Engros"),
        "cleaning": _l("Renhold"),
        "wood": _l("Trevare|Sagbruk"),
    },
    "da": {
        "metal": _l("Maskinfabrik|Smedie|Stålindustri"),
        "machinery": _l("Maskinfabrik|Maskinteknik"),
        "electrical": _l("El-Service|Elektro"),
        "construction": _l("Byg|Entreprise|Tømrer og Snedker|Anlæg"),
        "food": _l("Fødevarer|Bageri|Mejeri"),
        "logistics": _l("Vognmandsforretning|Transport|Logistik"),
        "software": _l("Data|IT-Løsninger"),
        "engineering": _l("Rådgivende Ingeniører"),
        "trade": _l("Handel|Engroshandel"),
        "cleaning": _l("Rengøring"),
    },
    "fi": {
        "metal": _l("Metalli|Konepaja|Teräsrakenne"),
        "machinery": _l("Kone|Konetekniikka"),
        "electrical": _l("Sähkö|Sähköasennus"),
        "construction": _l("Rakennus|Rakennuttajat|Maanrakennus"),
        "food": _l("Elintarvike|Leipomo|Meijeri"),
        "logistics": _l("Kuljetus|Logistiikka"),
        "software": _l("Ohjelmistot|Tietotekniikka"),
        "engineering": _l("Insinööritoimisto"),
        "trade": _l("Kauppa|Tukku"),
        "cleaning": _l("Siivouspalvelu"),
        "wood": _l("Puu|Saha"),
    },
    "pl": {
        "metal": _l("Konstrukcje Stalowe|Obróbka Metali|Ślusarstwo"),
        "precision": _l("Mechanika Precyzyjna"),
        "machinery": _l("Maszyny|Budowa Maszyn"),
        "electrical": _l("Instalacje Elektryczne|Elektromontaż"),
        "construction": _l("Budownictwo|Przedsiębiorstwo Budowlane|Budowa Dróg"),
        "plastics": _l("Tworzywa Sztuczne"),
        "food": _l("Zakłady Mięsne|Piekarnia|Mleczarnia"),
        "logistics": _l("Transport|Spedycja|Logistyka"),
        "software": _l("Informatyka|Systemy Informatyczne"),
        "engineering": _l("Biuro Projektowe|Inżynieria"),
        "consulting": _l("Doradztwo"),
        "trade": _l("Handel|Hurtownia"),
        "cleaning": _l("Usługi Porządkowe"),
        "wood": _l("Tartak|Stolarka"),
    },
    "cs": {
        "metal": _l("Strojírna|Kovovýroba|Zámečnictví"),
        "precision": _l("Přesné Strojírenství"),
        "machinery": _l("Stroje|Strojírenská Výroba"),
        "electrical": _l("Elektromontáže|Elektro"),
        "construction": _l("Stavby|Stavební Společnost|Pozemní Stavby"),
        "plastics": _l("Plasty|Zpracování Plastů"),
        "food": _l("Potraviny|Pekárna|Mlékárna"),
        "logistics": _l("Doprava|Spedice"),
        "software": _l("Software|Informační Systémy"),
        "engineering": _l("Projekce|Inženýring"),
        "trade": _l("Obchod|Velkoobchod"),
        "wood": _l("Dřevovýroba|Pila|Truhlářství"),
    },
    "tr": {
        "metal": _l("Metal|Çelik Konstrüksiyon|Döküm"),
        "precision": _l("Hassas Makina"),
        "machinery": _l("Makina|Makine İmalat"),
        "electrical": _l("Elektrik|Elektrik Taahhüt"),
        "construction": _l("İnşaat|Yapı|İnşaat Taahhüt"),
        "plastics": _l("Plastik|Plastik Ambalaj"),
        "chemicals": _l("Kimya|Boya"),
        "food": _l("Gıda|Unlu Mamuller|Süt Ürünleri"),
        "logistics": _l("Lojistik|Nakliyat"),
        "software": _l("Yazılım|Bilişim"),
        "engineering": _l("Mühendislik|Proje"),
        "consulting": _l("Danışmanlık"),
        "textiles": _l("Tekstil|Konfeksiyon|İplik"),
        "trade": _l("Ticaret|Dış Ticaret|Pazarlama"),
        "automotive": _l("Otomotiv|Oto Yedek Parça"),
        "cleaning": _l("Temizlik Hizmetleri"),
        "energy": _l("Enerji"),
    },
    "ja": {
        "metal": _l("Kinzoku|Tekko|Kinzoku Kogyo"),
        "precision": _l("Seimitsu|Seimitsu Kogyo|Seiki"),
        "machinery": _l("Kikai|Kikai Seisakusho|Tekkosho"),
        "electrical": _l("Denki|Denki Kogyo|Densetsu"),
        "electronics": _l("Denshi|Denshi Kogyo"),
        "construction": _l("Kensetsu|Komuten|Gumi|Kogyo"),
        "plastics": _l("Jushi|Kasei|Purasuchikku"),
        "chemicals": _l("Kagaku|Toryo"),
        "food": _l("Shokuhin|Seika|Nyugyo"),
        "logistics": _l("Unyu|Butsuryu|Soko"),
        "software": _l("Joho System|Software"),
        "engineering": _l("Sekkei|Gijutsu"),
        "consulting": _l("Consultant"),
        "printing": _l("Insatsu"),
        "textiles": _l("Seni|Boseki"),
        "trade": _l("Shoji|Sangyo|Shokai"),
        "automotive": _l("Jidosha Buhin"),
        "packaging": _l("Shiki|Hoso"),
        "cleaning": _l("Biru Kanri"),
        "wood": _l("Mokuzai"),
    },
    "vi": {
        "metal": _l("Cơ Khí|Kết Cấu Thép"),
        "machinery": _l("Máy Công Nghiệp|Cơ Khí Chế Tạo"),
        "electrical": _l("Điện|Cơ Điện"),
        "construction": _l("Xây Dựng|Xây Lắp|Đầu Tư Xây Dựng"),
        "plastics": _l("Nhựa|Bao Bì Nhựa"),
        "chemicals": _l("Hóa Chất|Sơn"),
        "food": _l("Thực Phẩm|Chế Biến Thủy Sản"),
        "logistics": _l("Vận Tải|Giao Nhận"),
        "software": _l("Phần Mềm|Công Nghệ Thông Tin"),
        "textiles": _l("Dệt May|May Mặc"),
        "trade": _l("Thương Mại|Xuất Nhập Khẩu"),
        "wood": _l("Gỗ|Chế Biến Gỗ"),
    },
}

# Name styles: language of trade words, countries (weight = share of clients, in tenths of a per
# cent), surnames or brands, name patterns and legal forms.
# Pattern fields: {s} {s2} surnames, {b} brand, {p} place, {t} trade words, {f} legal form.
STYLES: dict[str, dict[str, object]] = {
    "zh": {
        "lang": "en",
        "countries": {"CN": 290, "TW": 10, "SG": 4, "HK": 5},
        "names": _l(
            "Hua|Feng|Xin|Da|Tian|Hong|Jin|Sheng|Long|Mei|Yuan|Cheng|Kai|Rui|Tai|Heng|Bao|Fu|Guang|Hai|Jia|Li|Ming|Peng|Qiang|Shun|Tong|Wei|Xiang|Yi|Yong|Zhong|Chang|De|Hao|Hui|Jun|Kang|Lian|Nan|Run|Sen|Shi|Wan|Xing|Yang|Ye|Zhi|An|Bo|Chen|Ding|Fang|Gao"
        ),
        "places": _l(
            "Zhejiang|Jiangsu|Guangdong|Shandong|Shanghai|Beijing|Tianjin|Hebei|Henan|Hubei|Hunan|Fujian|Anhui|Sichuan|Chongqing|Liaoning|Shenzhen|Ningbo|Suzhou|Wuxi|Qingdao|Xiamen|Dongguan|Foshan|Hangzhou|Nanjing|Wuhan|Changzhou|Wenzhou|Jinan|Shenyang|Dalian|Hefei|Zhengzhou|Changsha|Kunshan|Jiaxing|Taizhou"
        ),
        "patterns": _l(
            "{p} {b} {t} Co., Ltd.|{p} {b} {t} Co., Ltd.|{b} ({p}) {t} Co., Ltd.|{p} {b} {t} Group Co., Ltd.|{p} {b} {t} Technology Co., Ltd.|{b} {t} ({p}) Co., Ltd."
        ),
        "brand_parts": 2,
        "forms": _l(""),
    },
    "it": {
        "lang": "it",
        "countries": {"IT": 70, "SM": 1},
        "names": _l(
            "Rossi|Russo|Ferrari|Esposito|Bianchi|Romano|Colombo|Ricci|Marino|Greco|Bruno|Gallo|Conti|De Luca|Mancini|Costa|Giordano|Rizzo|Lombardi|Moretti|Barbieri|Fontana|Santoro|Mariani|Rinaldi|Caruso|Ferrara|Galli|Martini|Leone|Longo|Gentile|Martinelli|Vitale|Lombardo|Serra|Coppola|De Santis|D'Angelo|Marchetti|Parisi|Villa|Conte|Ferraro|Fabbri|Bianco|Marini|Grasso|Valentini|Messina|Sala|De Angelis|Gatti|Pellegrini|Palumbo|Sanna|Farina|Rizzi|Monti|Cattaneo|Morelli|Amato"
        ),
        "places": _l(
            "Brianza|Veneta|Lombarda|Emiliana|Toscana|Adriatica|Padana|Tirrenica|Friulana|Piemontese|Ligure|Sarda|Siciliana|Pugliese|Del Garda|Del Nord|Alpina|Romagnola|Marchigiana|Umbra"
        ),
        "patterns": _l(
            "{s} {t} {f}|{t} {s} {f}|{t} {p} {f}|F.lli {s} {f}|{s} & {s2} {f}|{s} {t} di {s2} {f}"
        ),
        "forms": _l("S.r.l.|S.r.l.|S.r.l.|S.p.A.|S.n.c.|S.a.s.|S.r.l.s."),
    },
    "de": {
        "lang": "de",
        "countries": {"DE": 50, "AT": 10, "CH": 8, "LI": 1},
        "names": _l(
            "Müller|Schmidt|Schneider|Fischer|Weber|Meyer|Wagner|Becker|Schulz|Hoffmann|Schäfer|Koch|Bauer|Richter|Klein|Wolf|Schröder|Neumann|Schwarz|Zimmermann|Braun|Krüger|Hofmann|Hartmann|Lange|Schmitt|Werner|Schmitz|Krause|Meier|Lehmann|Schmid|Schulze|Maier|Köhler|Herrmann|König|Walter|Mayer|Huber|Kaiser|Fuchs|Peters|Lang|Scholz|Möller|Weiß|Jung|Hahn|Schubert|Vogel|Friedrich|Keller|Günther|Frank|Berger|Winkler|Roth|Beck|Lorenz|Baumann|Franke|Albrecht|Schuster|Simon|Ludwig|Böhm|Winter|Kraus|Martin|Schumacher|Krämer|Vogt|Stein|Jäger|Otto|Sommer|Groß|Seidel|Heinrich|Brandt|Haas|Schreiber|Graf|Schulte|Dietrich|Ziegler|Kuhn|Kühn|Pohl|Engel|Horn|Busch|Bergmann|Thomas|Voigt|Sauer|Arnold|Wolff|Pfeiffer|Gruber|Steiner|Moser|Hofer|Brunner|Eder|Aigner"
        ),
        "places": _l(
            "Schwäbische|Fränkische|Rheinische|Westfälische|Sächsische|Bayerische|Hanseatische|Märkische|Oberpfälzer|Allgäuer|Badische|Thüringer|Tiroler|Steirische|Kärntner|Zürcher|Berner|Emsländer|Eifeler|Harzer|Sauerländer|Lausitzer|Vogtländische|Hessische|Pfälzer"
        ),
        "patterns": _l(
            "{s} {t} {f}|{s} {t} {f}|{s} & {s2} {f}|{p} {t} {f}|{t} {s} {f}|{s} & Söhne {t} {f}|{s}-{s2} {t} {f}"
        ),
        "forms": _l("GmbH|GmbH|GmbH|GmbH & Co. KG|AG|KG|e.K.|UG (haftungsbeschränkt)"),
    },
    "ja": {
        "lang": "ja",
        "countries": {"JP": 50},
        "names": _l(
            "Sato|Suzuki|Takahashi|Tanaka|Watanabe|Ito|Yamamoto|Nakamura|Kobayashi|Kato|Yoshida|Yamada|Sasaki|Yamaguchi|Matsumoto|Inoue|Kimura|Hayashi|Shimizu|Yamazaki|Mori|Abe|Ikeda|Hashimoto|Yamashita|Ishikawa|Nakajima|Maeda|Fujita|Ogawa|Goto|Okada|Hasegawa|Murakami|Kondo|Ishii|Saito|Sakamoto|Endo|Aoki|Fujii|Nishimura|Fukuda|Ota|Miura|Okamoto|Matsuda|Nakagawa|Toyo|Nippon|Tokai|Kansai|Chubu|Kyushu|Hokuriku|Sanyo"
        ),
        "patterns": _l(
            "{s} {t} {f}|{s} {t} {f}|Kabushiki Kaisha {s} {t}|{s} {t} Co., Ltd.|{s} {t} Kogyo {f}"
        ),
        "forms": _l("K.K.|Co., Ltd.|Corporation|Y.K."),
    },
    "in": {
        "lang": "en",
        "countries": {"IN": 50, "BD": 3, "PK": 4, "LK": 2},
        "names": _l(
            "Sharma|Verma|Gupta|Patel|Singh|Kumar|Agarwal|Mehta|Shah|Joshi|Reddy|Rao|Nair|Iyer|Menon|Chopra|Malhotra|Kapoor|Bansal|Jain|Saxena|Srivastava|Mishra|Pandey|Tiwari|Desai|Kulkarni|Deshpande|Bhat|Pillai|Chatterjee|Banerjee|Mukherjee|Das|Bose|Ghosh|Sinha|Khanna|Arora|Sethi|Goyal|Mittal|Shree Ganesh|Shri Balaji|Sai|Laxmi|Bharat|Hindustan|Maruti"
        ),
        "places": _l(
            "Pune|Chennai|Gujarat|Rajkot|Ludhiana|Coimbatore|Bangalore|Mumbai|Delhi|Hyderabad|Kolkata|Vadodara|Faridabad|Nashik|Aurangabad|Indore|Jaipur|Noida|Gurgaon|Surat"
        ),
        "patterns": _l("{s} {t} {f}|{s} {t} {f}|{p} {t} {f}|{s} & {s2} {t} {f}|New {s} {t} {f}"),
        "forms": _l("Pvt. Ltd.|Pvt. Ltd.|Private Limited|Limited|LLP"),
    },
    "es": {
        "lang": "es",
        "countries": {"ES": 40, "MX": 15, "AR": 6, "CO": 8, "CL": 5, "PE": 4, "EC": 2, "UY": 1},
        "names": _l(
            "García|Rodríguez|González|Fernández|López|Martínez|Sánchez|Pérez|Gómez|Martín|Jiménez|Ruiz|Hernández|Díaz|Moreno|Muñoz|Álvarez|Romero|Alonso|Gutiérrez|Navarro|Torres|Domínguez|Vázquez|Ramos|Gil|Ramírez|Serrano|Blanco|Molina|Morales|Suárez|Ortega|Delgado|Castro|Ortiz|Rubio|Marín|Sanz|Núñez|Iglesias|Medina|Garrido|Cortés|Castillo|Santos|Lozano|Guerrero|Cano|Prieto|Méndez|Cruz|Calvo|Gallego|Vidal|León|Márquez|Herrera|Peña|Flores|Cabrera|Campos|Vega|Fuentes|Carrasco|Diez|Caballero|Reyes|Nieto|Aguilar"
        ),
        "places": _l(
            "del Norte|del Sur|de Levante|del Mediterráneo|Andaluza|Castellana|Gallega|Vasca|Aragonesa|Catalana|Extremeña|Riojana|Navarra|del Pacífico|Andina|del Bajío|Mexicana|Austral|del Caribe"
        ),
        "patterns": _l(
            "{t} {s} {f}|{s} Hermanos {f}|{t} {p} {f}|{s} y {s2} {f}|{t} {s} {s2} {f}|Grupo {s} {f}"
        ),
        "forms": _l("S.L.|S.L.|S.A.|S.A. de C.V.|S.A.S.|S.L.U.|Ltda."),
    },
    "gb": {
        "lang": "en",
        "countries": {"GB": 40, "IE": 6},
        "names": _l(
            "Smith|Jones|Williams|Taylor|Brown|Davies|Evans|Wilson|Thomas|Johnson|Roberts|Robinson|Thompson|Wright|Walker|White|Edwards|Hughes|Green|Hall|Lewis|Harris|Clarke|Patel|Jackson|Wood|Turner|Martin|Cooper|Hill|Ward|Morris|Moore|Clark|Lee|King|Baker|Harrison|Morgan|Allen|James|Scott|Phillips|Watson|Davis|Parker|Price|Bennett|Young|Griffiths|Mitchell|Kelly|Cook|Carter|Richardson|Bailey|Collins|Bell|O'Brien|O'Sullivan|O'Connor|Murphy|Byrne|Ryan|Walsh|McCarthy|Doyle|Kennedy|Lynch|Murray|Quinn|Moran|O'Neill|McLaughlin"
        ),
        "places": _l(
            "Midlands|Northern|Pennine|Thames Valley|Severn|Cotswold|Yorkshire|Lancashire|Kentish|Cornish|Highland|Clyde|Mersey|Tyne|Solent|Anglian|Wessex|Cambrian|Atlantic|Shannon|Leinster|Munster"
        ),
        "patterns": _l(
            "{s} & Sons {f}|{s} {t} {f}|{p} {t} {f}|{s} & {s2} {f}|{s} {t} {f}|{s} {s2} {t} {f}"
        ),
        "forms": _l("Ltd|Ltd|Limited|plc|LLP|Ltd."),
    },
    "us": {
        "lang": "en",
        "countries": {"US": 30, "CA": 8, "AU": 8, "NZ": 2, "ZA": 4},
        "names": _l(
            "Pioneer|Summit|Liberty|Eagle|Keystone|Frontier|Patriot|Apex|Pinnacle|Heritage|Evergreen|Granite|Cascade|Redwood|Lakeside|Great Lakes|Blue Ridge|Gulf Coast|Midwest|Southern|Pacific|Atlantic|Prairie|Rocky Mountain|Anderson|Miller|Johnson|Wilson|Moore|Jackson|Harris|Martin|Thompson|Garcia|Martinez|Robinson|Clark|Lewis|Walker|Allen|Young|Hernandez|King|Wright|Lopez|Hill|Scott|Adams|Baker|Nelson|Carter|Mitchell|Campbell|Roberts|Phillips|Evans|Turner|Parker|Collins|Edwards|Stewart"
        ),
        "places": _l(
            "Ohio|Texas|Carolina|Dakota|Nevada|Georgia|Michigan|Ontario|Alberta|Quebec|Victoria|Queensland|Tasman|Cape|Delta|Valley|Coastal|Northern|Tri-State|Capital|Bay Area|Metro"
        ),
        "patterns": _l("{s} {t}, {f}|{s} {t} {f}|{p} {t} {f}|{s} & {s2} {t}, {f}|{s} {p} {t} {f}"),
        "forms": _l("Inc.|Inc.|LLC|Corp.|Co.|Pty Ltd|Ltd."),
    },
    "fr": {
        "lang": "fr",
        "countries": {"FR": 30, "BE": 5, "LU": 1, "MA": 4, "TN": 3, "SN": 1},
        "names": _l(
            "Martin|Bernard|Dubois|Thomas|Robert|Richard|Petit|Durand|Leroy|Moreau|Simon|Laurent|Lefèbvre|Michel|Garcia|David|Bertrand|Roux|Vincent|Fournier|Morel|Girard|André|Lefèvre|Mercier|Dupont|Lambert|Bonnet|François|Martinez|Legrand|Garnier|Faure|Rousseau|Blanc|Guérin|Muller|Henry|Roussel|Nicolas|Perrin|Morin|Mathieu|Clément|Gauthier|Dumont|Lopez|Fontaine|Chevalier|Robin|Masson|Sanchez|Gérard|Nguyen|Boyer|Denis|Lemaire|Duval|Joly|Gautier|Roger|Roche|Roy|Noël"
        ),
        "places": _l(
            "Générale|Industrielle|Normande|Bretonne|Alsacienne|Lorraine|Lyonnaise|Provençale|Savoyarde|Auvergnate|Picarde|Champenoise|Bourguignonne|Aquitaine|Méridionale|Atlantique|du Centre|de l'Ouest|du Rhône|de la Loire|Française|Européenne"
        ),
        "patterns": _l(
            "Société {p} de {t} {f}|{t} {s} {f}|{s} et Fils {f}|Établissements {s} {f}|{s} {t} {f}|{s}-{s2} {t} {f}|Compagnie {p} de {t} {f}"
        ),
        "forms": _l("SAS|SAS|SARL|SA|SASU|EURL"),
    },
    "kr": {
        "lang": "en",
        "countries": {"KR": 30},
        "names": _l(
            "Hanil|Daewon|Samil|Hyosung|Dongil|Sungwoo|Daehan|Kumho|Hanwha|Shinsung|Woori|Sejin|Jinwoo|Taeyang|Dongyang|Seoyon|Hanjin|Daesung|Mirae|Saehan|Kukdong|Youngsan|Cheonil|Bosung|Hansol|Ilsung|Seojin|Kyungdong|Namyang|Dongbu|Hyundai Tech"
        ),
        "patterns": _l("{s} {t} Co., Ltd.|{s} {t} Co., Ltd.|{s} {t} Corp.|{s} {t} Inc."),
        "forms": _l(""),
    },
    "tr": {
        "lang": "tr",
        "countries": {"TR": 25, "AZ": 1},
        "names": _l(
            "Yılmaz|Kaya|Demir|Şahin|Çelik|Yıldız|Yıldırım|Öztürk|Aydın|Özdemir|Arslan|Doğan|Kılıç|Aslan|Çetin|Kara|Koç|Kurt|Özkan|Şimşek|Polat|Özcan|Korkmaz|Çakır|Erdoğan|Yavuz|Can|Acar|Şen|Aktaş|Güler|Yalçın|Güneş|Bozkurt|Anadolu|Ege|Marmara|Akdeniz|Karadeniz|Toros|Başkent"
        ),
        "patterns": _l(
            "{s} {t} Sanayi ve Ticaret {f}|{s} {t} {f}|{s} {s2} {t} San. ve Tic. {f}|{s} {t} İnşaat Sanayi {f}"
        ),
        "forms": _l("A.Ş.|A.Ş.|Ltd. Şti."),
    },
    "pt": {
        "lang": "pt",
        "countries": {"BR": 25, "PT": 8, "AO": 1},
        "names": _l(
            "Silva|Santos|Oliveira|Souza|Rodrigues|Ferreira|Alves|Pereira|Lima|Gomes|Costa|Ribeiro|Martins|Carvalho|Almeida|Lopes|Soares|Fernandes|Vieira|Barbosa|Rocha|Dias|Nascimento|Andrade|Moreira|Nunes|Marques|Machado|Mendes|Freitas|Cardoso|Ramos|Gonçalves|Santana|Teixeira|Araújo|Correia|Monteiro|Magalhães|São João|São Paulo|Santa Cruz|São Jorge|Vale do Sol|Nova Esperança"
        ),
        "places": _l(
            "Paulista|Mineira|Gaúcha|Catarinense|Paranaense|Nordeste|Amazônia|Carioca|Baiana|do Sul|do Norte|Lusitana|Atlântico|do Minho|do Douro|Alentejana|Algarvia|Central|Brasileira|Capixaba"
        ),
        "patterns": _l(
            "{t} {s} {f}|{s} & Filhos {f}|{t} {p} {f}|{s} e {s2} {t} {f}|Indústria {t} {s} {f}"
        ),
        "forms": _l("Ltda.|Ltda.|S.A.|Lda.|EIRELI|ME"),
    },
    "pl": {
        "lang": "pl",
        "countries": {"PL": 20},
        "names": _l(
            "Nowak|Kowalski|Wiśniewski|Wójcik|Kowalczyk|Kamiński|Lewandowski|Zieliński|Szymański|Woźniak|Dąbrowski|Kozłowski|Jankowski|Mazur|Kwiatkowski|Krawczyk|Piotrowski|Grabowski|Nowakowski|Pawłowski|Michalski|Nowicki|Adamczyk|Dudek|Zając|Wieczorek|Jabłoński|Król|Majewski|Olszewski|Jaworski|Wróbel|Malinowski|Pawlak|Witkowski|Walczak|Stępień|Górski|Rutkowski|Michalak|Sikora"
        ),
        "places": _l("Śląsk|Mazowsze|Pomorze|Wielkopolska|Małopolska|Podkarpacie|Bałtyk|Warmia"),
        "patterns": _l(
            "{s} {t} {f}|Zakład {t} {s} {f}|{t} {p} {f}|{s} i {s2} {f}|Przedsiębiorstwo {t} {s} {f}"
        ),
        "forms": _l("Sp. z o.o.|Sp. z o.o.|S.A.|Sp.j.|Sp.k."),
    },
    "nl": {
        "lang": "nl",
        "countries": {"NL": 15, "BE": 5},
        "names": _l(
            "De Jong|Jansen|De Vries|Van den Berg|Van Dijk|Bakker|Janssen|Visser|Smit|Meijer|De Boer|Mulder|De Groot|Bos|Vos|Peters|Hendriks|Van Leeuwen|Dekker|Brouwer|De Wit|Dijkstra|Smits|De Graaf|Van der Meer|Van der Linden|Kok|Jacobs|De Haan|Vermeulen|Van den Heuvel|Van der Veen|Van den Broek|De Bruijn|Schouten|Willems|Van Beek|Hoekstra|Maas|Verhoeven|Koster|Prins|Blom|Huisman"
        ),
        "places": _l(
            "Noord|Zuid|Oost|West|Brabantse|Limburgse|Friese|Zeeuwse|Hollandse|Vlaamse|Gelderse|Twentse"
        ),
        "patterns": _l("{s} {t} {f}|{s} {t} {f}|{p} {t} {f}|{s} & {s2} {f}|{t} {s} {f}"),
        "forms": _l("B.V.|B.V.|N.V.|V.O.F.|BV"),
    },
    "nordic": {
        "lang": "sv",
        "countries": {"SE": 10, "NO": 6, "DK": 6, "FI": 6},
        "names": _l(
            "Andersson|Johansson|Karlsson|Nilsson|Eriksson|Larsson|Olsson|Persson|Svensson|Gustafsson|Pettersson|Jonsson|Lindberg|Lindqvist|Öberg|Åberg|Sjöberg|Ström|Björk|Hansen|Johansen|Olsen|Larsen|Andersen|Pedersen|Nilsen|Kristiansen|Jensen|Sørensen|Rasmussen|Jørgensen|Møller|Christensen|Østergaard|Søndergaard|Korhonen|Virtanen|Mäkinen|Nieminen|Mäkelä|Hämäläinen|Laine|Heikkinen|Koskinen|Järvinen|Öresund|Nordic|Fjord|Skagerak"
        ),
        "patterns": _l("{s} {t} {f}|{s} {t} {f}|{s} & {s2} {t} {f}|{t} {s} {f}"),
        "forms": _l("AB|AS|A/S|Oy|ApS|Oyj|ASA"),
        "lang_by_country": {"SE": "sv", "NO": "no", "DK": "da", "FI": "fi"},
        "form_by_country": {
            "SE": _l("AB"),
            "NO": _l("AS|ASA"),
            "DK": _l("A/S|ApS"),
            "FI": _l("Oy|Oyj"),
        },
    },
    "cz": {
        "lang": "cs",
        "countries": {"CZ": 15, "SK": 5},
        "names": _l(
            "Novák|Svoboda|Novotný|Dvořák|Černý|Procházka|Kučera|Veselý|Horák|Němec|Pokorný|Marek|Pospíšil|Hájek|Jelínek|Král|Růžička|Beneš|Fiala|Sedláček|Doležal|Zeman|Kolář|Navrátil|Čermák|Vaněk|Urban|Blažek|Kříž|Kovář|Bartoš|Vlček|Polák|Horváth|Kováč|Tóth|Baláž|Šimek|Štěpánek|Šťastný"
        ),
        "places": _l("Moravská|Česká|Slezská|Jihočeská|Pražská|Brněnská|Slovenská|Vysočina"),
        "patterns": _l("{s} {t} {f}|{t} {s} {f}|{p} {t} {f}|{s} a {s2} {f}"),
        "forms": _l("s.r.o.|s.r.o.|a.s.|spol. s r.o.|v.o.s."),
    },
    "ar": {
        "lang": "en",
        "countries": {"AE": 10, "SA": 8, "EG": 5, "QA": 2, "KW": 2, "OM": 1, "JO": 1},
        "names": _l(
            "Al Mansouri|Al Hashimi|Al Qasimi|Al Nuaimi|Al Shamsi|Al Falasi|Al Rashid|Al Harbi|Al Otaibi|Al Ghamdi|Al Zahrani|Al Qahtani|Al Dosari|Al Shehri|El Sayed|Abdel Rahman|Hassan|Mahmoud|Ibrahim|Khalil|Nasser|Saleh|Haddad|Khoury|Gulf|Arabian|Emirates|Desert Rose|Falcon|Oasis|Crescent|Nile|Red Sea|Peninsula"
        ),
        "patterns": _l("{s} {t} {f}|{s} {t} {f}|{s} Trading & {t} {f}|{s} Group for {t} {f}"),
        "forms": _l("LLC|L.L.C.|Est.|Co. W.L.L.|FZE|S.A.E."),
    },
    "vi": {
        "lang": "vi",
        "countries": {"VN": 10},
        "names": _l(
            "Hòa Phát|Thành Công|Minh Long|Phú Thái|Đại Việt|Hưng Thịnh|Tân Phong|An Phát|Thiên Long|Việt Tiến|Bảo Minh|Quang Trung|Hoàng Gia|Phương Nam|Trường Sơn|Sông Hồng|Đông Á|Nam Việt|Hải Đăng|Sài Gòn|Hà Nội|Đà Nẵng|Cửu Long|Kim Ngân|Tiến Đạt"
        ),
        "patterns": _l(
            "Công Ty TNHH {t} {s}|Công Ty Cổ Phần {t} {s}|{s} {t} Joint Stock Company|Công Ty TNHH {s}"
        ),
        "forms": _l(""),
    },
}

# Cities per country (sites), a handful each; the first is the most common.
CITIES: dict[str, list[str]] = {
    "CN": _l(
        "Shanghai|Shenzhen|Ningbo|Suzhou|Hangzhou|Guangzhou|Qingdao|Tianjin|Wuxi|Dongguan|Foshan|Xiamen|Chengdu|Wuhan|Changzhou"
    ),
    "TW": _l("Taipei|Taichung|Kaohsiung|Tainan|Taoyuan|Hsinchu"),
    "SG": _l("Singapore"),
    "HK": _l("Hong Kong|Kowloon|Tsuen Wan"),
    "IT": _l(
        "Milano|Torino|Bologna|Brescia|Bergamo|Padova|Vicenza|Verona|Roma|Napoli|Firenze|Modena|Reggio Emilia|Treviso|Forlì|Cantù"
    ),
    "SM": _l("San Marino|Serravalle"),
    "DE": _l(
        "München|Stuttgart|Köln|Düsseldorf|Hamburg|Berlin|Nürnberg|Frankfurt am Main|Dortmund|Essen|Göttingen|Lübeck|Würzburg|Gütersloh|Mönchengladbach|Saarbrücken|Tübingen|Fürth"
    ),
    "AT": _l("Wien|Graz|Linz|Salzburg|Innsbruck|Klagenfurt|Wels|St. Pölten"),
    "CH": _l("Zürich|Genève|Basel|Bern|Lausanne|Winterthur|St. Gallen|Neuchâtel"),
    "LI": _l("Vaduz|Schaan"),
    "JP": _l(
        "Tokyo|Osaka|Nagoya|Yokohama|Kobe|Hamamatsu|Kyoto|Fukuoka|Sapporo|Hiroshima|Toyota|Kawasaki"
    ),
    "IN": _l(
        "Mumbai|Pune|Chennai|Bengaluru|New Delhi|Ahmedabad|Hyderabad|Kolkata|Rajkot|Ludhiana|Coimbatore|Faridabad|Gurugram|Noida"
    ),
    "BD": _l("Dhaka|Chattogram|Gazipur"),
    "PK": _l("Karachi|Lahore|Sialkot|Faisalabad"),
    "LK": _l("Colombo|Kandy"),
    "ES": _l(
        "Madrid|Barcelona|Valencia|Sevilla|Zaragoza|Bilbao|Málaga|Murcia|Alicante|Valladolid|Vitoria-Gasteiz|A Coruña|Logroño|Castellón de la Plana"
    ),
    "MX": _l("Ciudad de México|Monterrey|Guadalajara|Querétaro|Puebla|León|Saltillo|Tijuana"),
    "AR": _l("Buenos Aires|Córdoba|Rosario|Mendoza"),
    "CO": _l("Bogotá|Medellín|Cali|Barranquilla"),
    "CL": _l("Santiago|Valparaíso|Concepción|Antofagasta"),
    "PE": _l("Lima|Arequipa|Trujillo"),
    "EC": _l("Quito|Guayaquil"),
    "UY": _l("Montevideo"),
    "GB": _l(
        "London|Birmingham|Manchester|Leeds|Sheffield|Bristol|Glasgow|Edinburgh|Cardiff|Newcastle upon Tyne|Nottingham|Leicester|Coventry|Belfast|Milton Keynes"
    ),
    "IE": _l("Dublin|Cork|Limerick|Galway|Waterford"),
    "US": _l(
        "Houston|Chicago|Los Angeles|Detroit|Cleveland|Dallas|Atlanta|Phoenix|Charlotte|Columbus|Milwaukee|San Jose|Pittsburgh|Seattle"
    ),
    "CA": _l("Toronto|Montréal|Calgary|Vancouver|Mississauga|Québec|Winnipeg"),
    "AU": _l("Sydney|Melbourne|Brisbane|Perth|Adelaide"),
    "NZ": _l("Auckland|Wellington|Christchurch"),
    "ZA": _l("Johannesburg|Cape Town|Durban|Pretoria|Port Elizabeth"),
    "FR": _l(
        "Paris|Lyon|Marseille|Toulouse|Nantes|Lille|Bordeaux|Strasbourg|Rennes|Grenoble|Saint-Étienne|Besançon|Clermont-Ferrand|Orléans"
    ),
    "BE": _l("Bruxelles|Antwerpen|Gent|Liège|Charleroi|Leuven|Namur"),
    "LU": _l("Luxembourg|Esch-sur-Alzette"),
    "MA": _l("Casablanca|Tanger|Rabat|Marrakech"),
    "TN": _l("Tunis|Sfax|Sousse"),
    "SN": _l("Dakar"),
    "KR": _l("Seoul|Busan|Incheon|Ulsan|Daegu|Changwon|Gwangju|Hwaseong"),
    "TR": _l("İstanbul|Ankara|İzmir|Bursa|Kocaeli|Konya|Gaziantep|Kayseri|Eskişehir|Denizli"),
    "AZ": _l("Bakı"),
    "BR": _l(
        "São Paulo|Rio de Janeiro|Belo Horizonte|Curitiba|Porto Alegre|Campinas|Joinville|Caxias do Sul|Manaus|Recife|Goiânia"
    ),
    "PT": _l("Lisboa|Porto|Braga|Aveiro|Leiria|Guimarães|Setúbal"),
    "AO": _l("Luanda"),
    "PL": _l("Warszawa|Kraków|Łódź|Wrocław|Poznań|Gdańsk|Katowice|Bydgoszcz|Białystok|Rzeszów"),
    "NL": _l("Amsterdam|Rotterdam|Eindhoven|Utrecht|Den Haag|Tilburg|Groningen|Enschede|Venlo"),
    "SE": _l("Stockholm|Göteborg|Malmö|Västerås|Örebro|Linköping|Jönköping"),
    "NO": _l("Oslo|Bergen|Trondheim|Stavanger|Drammen|Tromsø"),
    "DK": _l("København|Aarhus|Odense|Aalborg|Esbjerg|Køge"),
    "FI": _l("Helsinki|Espoo|Tampere|Turku|Oulu|Jyväskylä|Hämeenlinna"),
    "CZ": _l("Praha|Brno|Ostrava|Plzeň|Zlín|Olomouc|České Budějovice|Hradec Králové"),
    "SK": _l("Bratislava|Košice|Žilina|Nitra|Trnava"),
    "AE": _l("Dubai|Abu Dhabi|Sharjah|Ajman"),
    "SA": _l("Riyadh|Jeddah|Dammam|Jubail"),
    "EG": _l("Cairo|Alexandria|6th of October City"),
    "QA": _l("Doha"),
    "KW": _l("Kuwait City"),
    "OM": _l("Muscat"),
    "JO": _l("Amman"),
    "VN": _l("Hà Nội|Thành phố Hồ Chí Minh|Hải Phòng|Đà Nẵng|Bình Dương|Đồng Nai"),
}

# Words for the synthetic accreditation and certification bodies (invented; not real bodies).
CB_WORDS_A = _l(
    "Alpine|Nordic|Atlas|Meridian|Global|Continental|Baltic|Iberian|Pacific|Orion|Vector|Quality|Assurance|Sterling|Beacon|Zenith|Crest|Delta|Horizon|Compass|Prime|Sentinel|Keystone|Polaris|Aurora|Falcon|Summit|Cobalt|Granite|Harbor|Lumen|Nova|Pillar|Regal|Solstice|Tandem|Unity|Vertex|Westwind|Yarrow"
)
CB_WORDS_B = _l(
    "Certification|Registrar|Assessment Services|Certification Services|Zertifizierung|Certificazione|Certificación|Certificação|Audit & Certification|Quality Registrar|Conformity Assessment"
)
