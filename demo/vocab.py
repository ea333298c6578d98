"""Words the demo data is made of: Indonesian names, places, crafts, products, banks.

Craft types come from the program's news article (TangerangSatu, 2016): eggshell
calligraphy, kokoru (colour corrugated-paper craft, made near Tangerang), bottle-cap
crafts and towel flower pots, "and other crafts", for which a few common in Tangsel
are added.
"""

# Kecamatan in Kemendagri code order; index = position in this list.
KECAMATAN_CODES = ["36.74.01", "36.74.02", "36.74.03", "36.74.04", "36.74.05", "36.74.06", "36.74.07"]
CIPUTAT_TIMUR = 4

# Rough centre of each kecamatan (latitude, longitude), for visit GPS.
KECAMATAN_CENTRES = [
    (-6.3166, 106.6660),
    (-6.2560, 106.6620),
    (-6.2656, 106.7060),
    (-6.3120, 106.7400),
    (-6.2950, 106.7600),
    (-6.3440, 106.7290),
    (-6.3470, 106.6740),
]

# Population 2020 (regions/migrations/0003) drives how participants spread over kecamatan.
KECAMATAN_POPULATION = [151004, 132129, 291469, 209544, 170081, 305746, 94377]

# The first venue of each kecamatan; further ones are village halls.
MAIN_VENUES = [
    ("Remaja Kuring", "Jl. Raya Serpong, Serpong"),
    ("Aula Kantor Kecamatan Serpong Utara", "Jl. Raya Pondok Jagung No. 1"),
    ("Aula Kantor Kecamatan Pondok Aren", "Jl. Pondok Aren Raya No. 1"),
    ("Aula Kantor Kecamatan Ciputat", "Jl. Aria Putra No. 1"),
    ("Fifo Kafe", "Jl. Ir. H. Juanda, Ciputat Timur"),
    ("Aula Kantor Kecamatan Pamulang", "Jl. Siliwangi No. 1"),
    ("Aula Kantor Kecamatan Setu", "Jl. Raya Puspiptek No. 1"),
]

# name, description, product templates (name, low price, high price in rupiah)
CRAFTS = [
    (
        "Kaligrafi cangkang telur",
        "Kaligrafi dan hiasan dinding dari serpihan cangkang telur yang ditempel dan diwarnai.",
        [
            ("Kaligrafi Cangkang Telur Ayat Kursi 40x60 cm", 350_000, 900_000),
            ("Kaligrafi Cangkang Telur Asmaul Husna", 450_000, 1_500_000),
            ("Hiasan Dinding Cangkang Telur Motif Bunga", 150_000, 400_000),
            ("Kotak Tisu Mozaik Cangkang Telur", 60_000, 120_000),
        ],
    ),
    (
        "Kokoru",
        "Kerajinan kertas bergelombang warna (colour corrugated paper): digulung, dilipat, digunting, dilem.",
        [
            ("Suvenir Anggrek Kokoru", 15_000, 35_000),
            ("Boneka Kokoru Pengantin", 40_000, 100_000),
            ("Bingkai Foto Kokoru", 35_000, 75_000),
            ("Hiasan Meja Bunga Kokoru", 25_000, 60_000),
        ],
    ),
    (
        "Kerajinan tutup botol",
        "Tatakan, tirai, tas dan hiasan dari tutup botol plastik dan logam bekas.",
        [
            ("Tatakan Gelas Tutup Botol (isi 6)", 25_000, 50_000),
            ("Tirai Tutup Botol 1 x 2 m", 250_000, 450_000),
            ("Tas Jinjing Tutup Botol", 85_000, 175_000),
            ("Bingkai Cermin Tutup Botol", 60_000, 130_000),
        ],
    ),
    (
        "Pot bunga dari handuk",
        "Pot bunga dari handuk bekas yang dicelup adukan semen lalu dicat.",
        [
            ("Pot Bunga Handuk Semen Ukuran Kecil", 30_000, 50_000),
            ("Pot Bunga Handuk Semen Ukuran Sedang", 55_000, 95_000),
            ("Pot Bunga Handuk Semen Ukuran Besar", 100_000, 200_000),
            ("Set Pot Handuk Motif Batik (isi 3)", 120_000, 240_000),
        ],
    ),
    (
        "Kerajinan kain perca",
        "Tas, sarung bantal dan taplak dari sisa kain konveksi.",
        [
            ("Sarung Bantal Perca", 45_000, 85_000),
            ("Tas Jinjing Perca", 75_000, 150_000),
            ("Taplak Meja Perca", 90_000, 180_000),
        ],
    ),
    (
        "Kerajinan manik-manik",
        "Bros, kalung, gantungan kunci dan tempat tisu dari manik-manik.",
        [
            ("Bros Manik-manik", 20_000, 45_000),
            ("Kalung Manik-manik", 35_000, 90_000),
            ("Tempat Tisu Manik-manik", 60_000, 140_000),
        ],
    ),
    (
        "Ecoprint",
        "Kain dan selendang bermotif daun dan bunga dengan teknik cetak alami.",
        [
            ("Selendang Ecoprint", 150_000, 350_000),
            ("Kain Ecoprint 2 m", 250_000, 600_000),
            ("Tote Bag Ecoprint", 75_000, 150_000),
        ],
    ),
    (
        "Anyaman bungkus kopi",
        "Tas, dompet dan tikar dari anyaman plastik kemasan kopi sachet.",
        [
            ("Tas Anyaman Bungkus Kopi", 60_000, 150_000),
            ("Dompet Bungkus Kopi", 20_000, 45_000),
            ("Tikar Anyaman Bungkus Kopi", 150_000, 300_000),
        ],
    ),
]
# Short words for business names per craft (same order as CRAFTS).
CRAFT_SHORT = ["Kaligrafi Telur", "Kokoru", "Tutup Botol", "Pot Handuk", "Perca", "Manik", "Ecoprint", "Anyaman Kopi"]
# Crafts of businesses officers find that the program does not train.
OTHER_CRAFTS = [
    "Batik Tangsel",
    "Kerajinan Bambu",
    "Sablon Kaos",
    "Rajutan",
    "Kerajinan Kulit",
    "Lukisan Kanvas",
    "Miniatur Kayu",
    "Keramik Hias",
]

FEMALE_FIRST = (
    "Siti Nur Dewi Sri Rina Yuli Ani Eka Fitri Rahma Nurul Wulan Ratna Yanti Euis Neneng Imas Iis Cucu Nining "
    "Tuti Wati Ida Aminah Maryam Aisyah Zahra Putri Ayu Indah Rini Mega Novi Desi Dian Lina Nia Evi Heni Mila "
    "Ratih Eneng Yayah Ela Atikah Hasanah Irma Susi Tika Anisa Nabila Kartika Puspita Umi Lilis Titin Nani Enok "
    "Rohayati Komariah Juju Popon Entin Ucu Nurhayati Farida Halimah Jubaedah Muthmainah Sopiah"
).split()
FEMALE_LAST = (
    "Lestari Rahayu Handayani Kurniawati Susanti Purnamasari Nurjanah Maesaroh Rohmah Fitriani Hidayati "
    "Septiani Permatasari Safitri Anggraini Wulandari Puspitasari Ningsih Suryani Mulyani Marlina Rosidah "
    "Khoirunnisa Fauziah Sholihah Maulida Amalia Azizah Nuraeni Sumarni"
).split()
MALE_FIRST = (
    "Ahmad Muhammad Budi Agus Dedi Hendra Rudi Asep Ujang Dadang Yusuf Rizki Fajar Andi Eko Joko Bambang Slamet "
    "Wahyu Imam Ridwan Hasan Iwan Irfan Arif Fauzi Rahmat Sutrisno Yadi Nana Mamat Maman Deden Ilham Taufik Hadi "
    "Firman Syaiful Aditya Dimas Bayu Galih Dani Heru Edi Sopyan Jaenudin Komarudin Encep Odih Bahrudin Sanusi"
).split()
MALE_LAST = (
    "Saputra Pratama Hidayat Setiawan Kurniawan Wijaya Nugroho Santoso Gunawan Hermawan Firmansyah Ramadhan "
    "Maulana Hakim Syahputra Rahman Hidayatullah Sudrajat Suhendra Supriatna Suryadi Sanjaya Permana Kusuma "
    "Munandar Hamdani Fadillah Mubarok Iskandar Sobari"
).split()

STREETS = (
    "Masjid Al-Ikhlas|H. Naim|Kenanga|Melati|Mawar|Flamboyan|Cempaka|Kemuning|Nusa Indah|Swadaya|Pendidikan|"
    "H. Muchtar|Pinang|Bhakti|Pelita|Merpati|Rajawali|Anggrek|Dahlia|Bougenville|Sawo|Rambutan|Delima|Kelapa Dua|"
    "Pondok Indah|Haji Ipin|Musholla|Kavling DPR|Pemuda|Mushola Nurul Huda"
).split("|")
HOUSING = (
    "Pamulang Permai|Villa Dago|Reni Jaya|Puri Bintaro|Serua Permai|Griya Jakarta|Taman Mangu Indah|"
    "Pondok Maharta|Villa Pamulang|Puri Serpong|Setu Indah|Taman Cirendeu|Bukit Nusa Indah"
).split("|")

PHONE_PREFIXES = ["811", "812", "813", "821", "822", "852", "853", "857", "858", "877", "878", "895", "896", "881"]

# Regions (province+regency+district) of NIKs issued elsewhere: people who moved in.
OTHER_NIK_REGIONS = [
    "317401",
    "317405",
    "317408",
    "327601",
    "327604",
    "360301",
    "360315",
    "367103",
    "320113",
    "327305",
    "337403",
    "357806",
    "187104",
    "337202",
    "330201",
]

KUB_WORDS = (
    "Mawar|Melati|Kenanga|Anggrek|Seruni|Cempaka|Berkah|Maju Bersama|Sejahtera|Kreasi Mandiri|Karya Ibu|Cahaya|"
    "Barokah|Harapan|Sinar|Mekar|Srikandi|Pelangi|Bina Usaha|Tunas Harapan|Rumah Kreatif|Kartini|Permata|"
    "Sumber Rezeki|Putri Mandiri|Wanita Kreatif|Insan Karya|Jaya Abadi|Mutiara|Nusa Kreasi"
).split("|")

CURATION_NOTES_REJECTED = [
    "Finishing masih kasar; rapikan tepi dan lem yang terlihat.",
    "Warna luntur saat diuji; ganti cat atau pewarna.",
    "Ukuran belum seragam; siapkan minimal 20 buah yang sama.",
    "Kemasan belum ada; tambahkan label dan merek KUB.",
]
CURATION_NOTES_APPROVED = [
    "Rapi dan siap dipamerkan.",
    "Layak untuk etalase; sertakan kartu nama KUB.",
    "Bagus; harga sesuai pasar.",
]

VISIT_NOTES = {
    "running": [
        "Produksi berjalan; ada pesanan rutin dari warung dan pengajian.",
        "Usaha berjalan; menjual lewat marketplace dan WhatsApp.",
        "Sedang mengerjakan pesanan suvenir pernikahan.",
        "Berjalan; stok siap jual tersedia, mencatat penjualan di buku kas.",
    ],
    "not_running": [
        "Produksi berhenti sementara; bahan baku habis dan belum ada modal.",
        "Anggota sibuk; belum ada kegiatan sejak bulan lalu.",
        "Tidak ada pesanan; alat masih ada di rumah ketua.",
    ],
    "closed": [
        "Usaha tutup; pemilik pindah domisili.",
        "Tempat usaha sudah tidak ada; anggota bekerja di tempat lain.",
    ],
}

BANKS = [
    ("Bank Rakyat Indonesia", "BRI", "Kantor Cabang Ciputat"),
    ("Bank Pembangunan Daerah Jawa Barat dan Banten (bank bjb)", "BJB", "KCP Pamulang"),
    ("Bank Pembangunan Daerah Banten (Bank Banten)", "Bank Banten", "Kantor Cabang Tangerang Selatan"),
    ("Bank Negara Indonesia", "BNI", "Kantor Cabang BSD"),
    ("Bank Mandiri", "Mandiri", "Kantor Cabang Bintaro"),
    ("Bank Syariah Indonesia", "BSI", "Kantor Cabang Ciputat"),
]
LOAN_PURPOSES = [
    "Modal kerja pembelian bahan baku",
    "Pembelian mesin jahit dan peralatan",
    "Tambahan modal untuk pesanan pameran",
    "Sewa kios di pasar",
    "Pembuatan kemasan dan label merek",
    "Pembelian etalase dan rak pajang",
]
REJECTION_NOTES = [
    "Usaha belum berjalan 6 bulan (syarat KUR).",
    "Riwayat kredit (SLIK OJK) bermasalah.",
    "Dokumen legalitas usaha (NIB) belum ada.",
    "Kemampuan bayar belum memadai menurut analisis bank.",
]
