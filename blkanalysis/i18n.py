"""The catalogue: every heading, sentence, label and chart text, in English and Bahasa Indonesia.

One table for the whole project (notebooks, charts, reports, explorer), so a translation is never
scattered through notebooks. :func:`t` looks a message up and fills it in; :func:`label` names a
column, programme, basis or code. A test checks that every key used anywhere has both languages.
Numbers are formatted by Babel's ``id_ID`` locale in both languages (they are rupiah), so the
catalogue only carries words.
"""

from __future__ import annotations

from typing import Any

LANGS = ("en", "id")

MESSAGES: dict[str, dict[str, str]] = {
    # --- common ---------------------------------------------------------------------------------
    "yes": {"en": "yes", "id": "ya"},
    "no": {"en": "no", "id": "tidak"},
    "parameters.title": {"en": "Parameters", "id": "Parameter"},
    "parameters.intro": {
        "en": "Scenario **{scenario}**. Every number below follows from these parameters and the "
        "figures registry; the parameters were checked before anything was computed.",
        "id": "Skenario **{scenario}**. Semua angka di bawah ini berasal dari parameter ini dan "
        "registri angka; parameter telah diperiksa sebelum perhitungan dimulai.",
    },
    "sources.title": {"en": "Sources", "id": "Sumber"},
    "sources.note": {
        "en": "{n} registry figures from {sources} source documents were used above. Grade A: "
        "major national outlet quoting a named official; B: smaller outlet, press-release reprint "
        "or government clipping; C: blog or undated document, a lead only.",
        "id": "{n} angka registri dari {sources} dokumen sumber dipakai di atas. Tingkat A: media "
        "nasional besar yang mengutip pejabat bernama; B: media kecil, salinan siaran pers atau "
        "kliping pemerintah; C: blog atau dokumen tanpa tanggal, hanya sumber awal (belum "
        "terverifikasi).",
    },
    "sources.cpi": {
        "en": "Real terms use Indonesia's CPI inflation (BPS, December year-on-year), chained "
        "across the index's rebasings, as reported for the years below.",
        "id": "Nilai riil dihitung dengan inflasi IHK tahunan Indonesia (BPS, Desember terhadap "
        "Desember tahun sebelumnya), dirangkai melintasi perubahan tahun dasar indeks, "
        "sebagaimana diberitakan media untuk tahun-tahun berikut.",
    },
    "sources.undated": {"en": "not shown", "id": "tidak tercantum"},
    "sources.no_url": {"en": "address not recorded", "id": "alamat tidak tercatat"},
    "chart.alt": {"en": "Chart: {title}", "id": "Grafik: {title}"},
    "chart.source": {"en": "Source: {sources}.", "id": "Sumber: {sources}."},
    "chart.source_registry": {
        "en": "Source: blkanalysis figures registry ({n} figures from {sources} documents).",
        "id": "Sumber: registri angka blkanalysis ({n} angka dari {sources} dokumen).",
    },
    "chart.cpi": {
        "en": "Prices: CPI (BPS), as reported in the press.",
        "id": "Harga: IHK (BPS), sebagaimana diberitakan media.",
    },
    "chart.no_data": {
        "en": "Nothing to show under this scenario's parameters.",
        "id": "Tidak ada yang dapat ditampilkan dengan parameter skenario ini.",
    },
    "chart.year": {"en": "Year", "id": "Tahun"},
    "chart.nominal": {"en": "Nominal", "id": "Nominal"},
    "chart.real": {"en": "Real ({base_year} prices)", "id": "Riil (harga {base_year})"},
    "chart.multiplier": {"en": "Multiplier of the targets", "id": "Pengali target"},
    # --- parameters --------------------------------------------------------------------------
    "param.multipliers": {
        "en": 'the "berkali lipat" multipliers applied to the targets',
        "id": 'pengali "berkali lipat" yang diterapkan pada target',
    },
    "param.base_year": {
        "en": "price base year for real terms",
        "id": "tahun dasar harga untuk nilai riil",
    },
    "param.price_point": {
        "en": "CPI price point: december (BPS December level) or midyear",
        "id": "titik harga IHK: Desember (tingkat IHK Desember menurut BPS) atau pertengahan tahun",
    },
    "param.bases": {
        "en": "budget bases counted (realised, allocated, estimated need)",
        "id": "jenis angka anggaran yang diperhitungkan (realisasi, alokasi, perkiraan kebutuhan)",
    },
    "param.envelope_first_year_share": {
        "en": "share of a multi-year envelope spent in its first year (null: even)",
        "id": "porsi anggaran tahun jamak (pagu atau kebutuhan anggaran) yang dibelanjakan pada "
        "tahun pertama (bila tidak diisi: dibagi rata)",
    },
    "param.carryover_units": {
        "en": "BLK in a budget that continue earlier construction (null: the most possible)",
        "id": "jumlah BLK dalam suatu anggaran yang melanjutkan pembangunan tahun sebelumnya (bila "
        "tidak diisi: sebanyak yang dimungkinkan sumber)",
    },
    "param.carryover_cost_share": {
        "en": "share of a full BLK's cost a continued BLK still needs",
        "id": "porsi biaya satu BLK baru yang masih diperlukan oleh BLK lanjutan",
    },
    "param.unit_cost_multiplier": {
        "en": "multiplies every observed unit cost",
        "id": "pengali untuk semua biaya satuan menurut sumber",
    },
    "param.blkk_unit_cost_year": {
        "en": "year of the observed cost per BLK Komunitas",
        "id": "tahun biaya per BLK Komunitas menurut sumber yang dipakai",
    },
    "param.trainee_cost_year": {
        "en": "year of the observed cost per trainee (null: mean of all years)",
        "id": "tahun biaya per peserta pelatihan menurut sumber yang dipakai (bila tidak diisi: "
        "rata-rata semua tahun)",
    },
    "param.blkk_reading": {
        "en": "when a year's BLK Komunitas built and running total disagree, trust: built or "
        "cumulative",
        "id": "bila jumlah BLK Komunitas yang dibangun pada suatu tahun tidak cocok dengan total "
        "kumulatif yang dinyatakan, angka yang dipegang: jumlah dibangun atau total kumulatif",
    },
    "param.include_leads": {
        "en": "also use grade C leads as inputs",
        "id": "pakai juga angka tingkat C (sumber awal, belum terverifikasi) sebagai masukan",
    },
    "param.lang": {
        "en": "report language (en or id)",
        "id": "bahasa laporan (Inggris atau Indonesia)",
    },
    # --- parameter values shown to readers: "value.<parameter>.<value>" (or "value.<value>"
    # for any parameter). The English is the value as written in a scenario file, so English
    # reports show the file's words; param_value() looks these up.
    "value.null": {"en": "null", "id": "tidak diisi"},
    "value.true": {"en": "true", "id": "ya"},
    "value.false": {"en": "false", "id": "tidak"},
    "value.price_point.december": {"en": "december", "id": "Desember"},
    "value.price_point.midyear": {"en": "midyear", "id": "pertengahan tahun"},
    "value.bases.realised": {"en": "realised", "id": "realisasi"},
    "value.bases.allocated": {"en": "allocated", "id": "alokasi"},
    "value.bases.estimated_need": {"en": "estimated_need", "id": "perkiraan kebutuhan"},
    "value.envelope_first_year_share.null": {"en": "null", "id": "dibagi rata"},
    "value.carryover_units.null": {"en": "null", "id": "sebanyak yang dimungkinkan sumber"},
    "value.trainee_cost_year.null": {"en": "null", "id": "rata-rata semua tahun"},
    "value.blkk_reading.built": {"en": "built", "id": "jumlah dibangun"},
    "value.blkk_reading.cumulative": {"en": "cumulative", "id": "total kumulatif"},
    "value.lang.en": {"en": "en", "id": "Inggris"},
    "value.lang.id": {"en": "id", "id": "Indonesia"},
    # --- 01 overview ----------------------------------------------------------------------------
    "overview.title": {
        "en": "BLK figures: what is known, from whom, how reliable",
        "id": "Angka BLK: apa yang diketahui, dari siapa, seberapa andal",
    },
    "overview.intro": {
        "en": "Budgets and targets for Indonesia's vocational training centres (BLK) and community "
        "training centres (BLK Komunitas) are announced in speeches and reported by the press. "
        "This report lists what the registry holds, who stated it, how far each source can be "
        "trusted, and where sources disagree.",
        "id": "Anggaran dan target Balai Latihan Kerja (BLK) dan BLK Komunitas diumumkan dalam "
        "pidato dan diberitakan media. Laporan ini memuat isi registri, siapa yang "
        "menyatakannya, seberapa andal setiap sumber, dan di mana sumber saling berbeda.",
    },
    "overview.registry": {"en": "The registry", "id": "Registri"},
    "overview.summary": {
        "en": "The registry holds **{figures}** figures from **{sources}** source documents "
        "(grades: {grades}). **{quantities}** distinct quantities are stated; **{corroborated}** "
        "are stated by more than one source and **{conflicting}** of those disagree. Grade C "
        "leads ({leads} figures) are kept apart and not used unless a scenario asks for them.",
        "id": "Registri memuat **{figures}** angka dari **{sources}** dokumen sumber (tingkat: "
        "{grades}). Registri mencakup **{quantities}** besaran; **{corroborated}** di antaranya "
        "dinyatakan oleh lebih dari satu sumber dan **{conflicting}** dari yang terakhir ini "
        "saling berbeda. Angka tingkat C ({leads} angka; sumber awal yang belum terverifikasi) "
        "dipisahkan dan tidak dipakai kecuali diminta skenario.",
    },
    "overview.by_program": {
        "en": "Figures by programme and basis",
        "id": "Angka menurut program dan jenis angka",
    },
    "overview.timeline": {
        "en": "BLK Komunitas built per year and in total",
        "id": "BLK Komunitas yang dibangun per tahun dan totalnya",
    },
    "overview.timeline_text": {
        "en": "From {first} to {last}, **{total}** BLK Komunitas were built. {derived} of the "
        "yearly counts are derived from differences of stated totals, not stated themselves. "
        "The targets were met within {closest} in the closest year and missed by {widest} in the "
        "widest.",
        "id": "Dari {first} sampai {last}, **{total}** BLK Komunitas dibangun. {derived} angka "
        "tahunan dihitung dari selisih total kumulatif yang dinyatakan, bukan dinyatakan "
        "langsung oleh sumber. Selisih antara target dan jumlah yang dibangun dalam satu tahun "
        "paling kecil {closest} dan paling besar {widest}.",
    },
    "overview.timeline_conflict": {
        "en": "In **{year}** the sources disagree: the count built that year and the stated "
        "running total cannot both hold. This report trusts the **{reading}** reading "
        "(parameter `blkk_reading`), which gives {built} built in {year} and {cumulative} in "
        "total; the other reading gives {other_built} and {other_cumulative}.",
        "id": "Untuk **{year}** sumber saling berbeda: jumlah yang dibangun pada tahun itu dan "
        "total kumulatif yang dinyatakan tidak mungkin sama-sama benar. Laporan ini berpegang pada "
        "**{reading}** (parameter `blkk_reading`): {built} dibangun pada {year} dengan total "
        "kumulatif {cumulative}; pilihan lainnya menghasilkan {other_built} dan "
        "{other_cumulative}.",
    },
    "overview.conflicts": {
        "en": "Where sources disagree",
        "id": "Angka yang berbeda antarsumber",
    },
    "overview.conflicts_text": {
        "en": "Each row is a figure for a quantity that another source states differently. The "
        "preferred figure is the one the analysis uses; the notes say why.",
        "id": "Setiap baris adalah angka untuk besaran yang dinyatakan berbeda oleh sumber lain. "
        "Angka yang diutamakan adalah angka yang dipakai dalam analisis; kolom catatan "
        "menjelaskan alasannya.",
    },
    "overview.sources": {
        "en": "Source documents by reliability",
        "id": "Dokumen sumber menurut keandalan",
    },
    "overview.achievement": {
        "en": "Targets against what was achieved",
        "id": "Target dibandingkan capaian",
    },
    "kf.figures": {"en": "Figures in the registry", "id": "Angka dalam registri"},
    "kf.sources": {"en": "Source documents", "id": "Dokumen sumber"},
    "kf.conflicts": {"en": "Quantities in conflict", "id": "Besaran yang berbeda antarsumber"},
    "kf.blkk_total": {
        "en": "BLK Komunitas built (latest total)",
        "id": "BLK Komunitas dibangun (total terakhir)",
    },
    # --- 02 intensity ---------------------------------------------------------------------------
    "intensity.title": {
        "en": "Budget intensity: rupiah per BLK, per BLK-year and per trainee",
        "id": "Intensitas anggaran: rupiah per BLK, per BLK-tahun, dan per peserta",
    },
    "intensity.intro": {
        "en": "How much money each announced budget puts into one BLK, one BLK for one year, "
        "or one trainee, in nominal rupiah and in real terms. Budgets differ in basis (realised, "
        "allocated, estimated need): a comparison across bases is flagged, never hidden.",
        "id": "Besarnya dana yang disediakan setiap anggaran yang diumumkan untuk satu BLK, satu "
        "BLK selama satu tahun, atau satu peserta pelatihan, dalam rupiah nominal dan riil. "
        "Angka anggaran berbeda jenisnya (realisasi, alokasi, perkiraan kebutuhan): "
        "perbandingan antarjenis angka selalu ditandai, tidak disembunyikan.",
    },
    "intensity.per_blk": {"en": "Rupiah per BLK", "id": "Rupiah per BLK"},
    "intensity.headline": {
        "en": "In **{p1}** Kemnaker realised **{total1}** for {u1} BLK: **{per1}** per BLK. "
        "The **{p3}** estimated need of **{total3}** for {u3} BLK comes to **{per3}** per BLK, "
        "or **{peryear3}** per BLK-year: **{multiple}** the {p1} intensity per BLK-year "
        "(**{multiple_real}** in real terms at {base_year} prices, **{cagr}** a year). This "
        "compares {basis1} spending with an {basis3}: a plan is not money spent.",
        "id": "Pada **{p1}** Kemnaker merealisasikan **{total1}** untuk {u1} BLK: **{per1}** per "
        "BLK. Perkiraan kebutuhan **{p3}** sebesar **{total3}** untuk {u3} BLK berarti "
        "**{per3}** per BLK, atau **{peryear3}** per BLK-tahun, yaitu **{multiple}** intensitas "
        "per BLK-tahun pada {p1} (**{multiple_real}** secara riil pada harga konstan "
        "{base_year}; tumbuh **{cagr}** per tahun). Ini membandingkan {basis1} dengan {basis3}: "
        "kebutuhan yang direncanakan bukanlah realisasi belanja.",
    },
    "intensity.range": {
        "en": "The **{p2}** allocation of **{total2}** covers {u2} BLK, of which up to {k} "
        "continue construction begun in {p1}. Per BLK it is between **{low}** (every BLK counted "
        "as new) and **{high}** (the continued BLK needing nothing more); with each continued BLK "
        "needing {share} of a new one's cost, **{point}**.",
        "id": "Alokasi **{p2}** sebesar **{total2}** mencakup {u2} BLK, dan hingga {k} di "
        "antaranya melanjutkan pembangunan yang dimulai pada {p1}. Per BLK nilainya antara "
        "**{low}** (semua BLK dihitung baru) dan **{high}** (BLK lanjutan tidak memerlukan biaya "
        "lagi); bila setiap BLK lanjutan masih memerlukan {share} biaya BLK baru, nilainya "
        "**{point}**.",
    },
    "intensity.only_one": {
        "en": "This scenario counts only {bases} budgets, so there is no second period to compare "
        "with.",
        "id": "Skenario ini hanya memperhitungkan angka anggaran {bases}, sehingga tidak ada "
        "periode kedua sebagai pembanding.",
    },
    "intensity.chart_head": {
        "en": "Rupiah per BLK-year, nominal and real",
        "id": "Rupiah per BLK-tahun, nominal dan riil",
    },
    "intensity.growth": {
        "en": "How fast intensity grew",
        "id": "Seberapa cepat intensitas tumbuh",
    },
    "intensity.growth_text": {
        "en": "Multiples and compound annual growth of real rupiah per BLK-year between periods "
        "(years counted between the periods' midpoints). Low and high use the ranges above.",
        "id": "Kelipatan dan pertumbuhan rata-rata per tahun (majemuk) rupiah riil per BLK-tahun "
        "antarperiode (jumlah tahun dihitung antara titik tengah periode). Batas bawah dan "
        "batas atas memakai rentang di atas.",
    },
    "intensity.by_year": {
        "en": "Multi-year envelopes spread over their years",
        "id": "Anggaran tahun jamak dibagi per tahun anggaran",
    },
    "intensity.context": {
        "en": "What the jump means",
        "id": "Arti lonjakan ini",
    },
    "intensity.context_text": {
        "en": "Spent at the scenario's pace, the {p3} need puts **{peak}** into the busiest "
        "year. Against Kemnaker's whole budget that year ({kemnaker}, {kbasis}), that is "
        "**{share}**: one programme for {u3} BLK would take that share of the ministry's "
        "money.",
        "id": "Bila dibelanjakan menurut pola skenario ini, kebutuhan anggaran {p3} mencapai "
        "**{peak}** pada tahun dengan belanja terbesar. Dibandingkan seluruh anggaran Kemnaker "
        "tahun itu ({kemnaker}, {kbasis}), jumlah itu setara **{share}**: satu program untuk "
        "{u3} BLK akan menyerap porsi sebesar itu dari anggaran kementerian.",
    },
    "intensity.per_trainee": {"en": "Rupiah per trainee", "id": "Rupiah per peserta"},
    "intensity.per_trainee_text": {
        "en": "Kemnaker's vocational budgets per trainee, where the same article states both: "
        "from **{low}** ({low_year}) to **{high}** ({high_year}) in {base_year} prices.",
        "id": "Anggaran vokasi Kemnaker per peserta pelatihan, untuk tahun-tahun yang anggaran dan "
        "jumlah pesertanya disebut dalam artikel yang sama: dari **{low}** ({low_year}) sampai "
        "**{high}** ({high_year}) pada harga konstan {base_year}.",
    },
    "kf.per_blk_year_first": {
        "en": "Per BLK-year, first period",
        "id": "Per BLK-tahun, periode pertama",
    },
    "kf.per_blk_year_last": {
        "en": "Per BLK-year, last period",
        "id": "Per BLK-tahun, periode terakhir",
    },
    "kf.multiple_real": {"en": "Intensity multiple (real)", "id": "Kelipatan intensitas (riil)"},
    # --- 03 scaling -----------------------------------------------------------------------------
    "scaling.title": {
        "en": 'Target scaling: what "berkali lipat" would take',
        "id": 'Pelipatgandaan target: apa yang dibutuhkan bila target "berkali lipat"',
    },
    "scaling.intro": {
        "en": 'The Minister hoped the next year\'s targets would be "berkali lipat", many times '
        "larger. This report multiplies the stated targets and prices them at the observed unit "
        "costs, to show the units, budgets and capacity each reading implies.",
        "id": 'Menteri Ketenagakerjaan berharap target tahun berikutnya "berkali lipat". Laporan '
        "ini mengalikan target yang dinyatakan dan menghitung biayanya dengan biaya satuan "
        "menurut sumber, untuk menunjukkan jumlah unit, kebutuhan anggaran, dan kapasitas yang "
        "diperlukan menurut setiap tafsiran.",
    },
    "scaling.targets": {"en": "The stated targets", "id": "Target yang dinyatakan"},
    "scaling.scaled": {"en": "Targets multiplied", "id": "Target yang dikalikan"},
    "scaling.budget_text": {
        "en": "At ×{m}, the targets imply **{units}** new BLK Komunitas and **{trainees}** more "
        "trainees, costing **{budget}** at {base_year} prices ({blkk_cost} per BLK Komunitas, "
        "{trainee_cost} per trainee), and **{incubators}** incubators: **{share}** of the "
        "{stock} BLK Komunitas standing at the end of {year}.",
        "id": "Dengan pengali ×{m}, target tersebut berarti **{units}** BLK Komunitas baru dan "
        "**{trainees}** peserta pelatihan tambahan, dengan biaya **{budget}** pada harga konstan "
        "{base_year} "
        "({blkk_cost} per BLK Komunitas, {trainee_cost} per peserta), serta **{incubators}** "
        "inkubator: **{share}** dari {stock} BLK Komunitas yang ada pada akhir {year}.",
    },
    "scaling.implied": {"en": "Implied budgets", "id": "Kebutuhan anggaran menurut target"},
    "scaling.trainees": {
        "en": "Trainees per BLK Komunitas",
        "id": "Peserta per BLK Komunitas",
    },
    "scaling.trainees_text": {
        "en": "The targets imply **{implied}** trainees per new BLK Komunitas. The stated "
        "training capacity implies **{capacity}** a year per BLK Komunitas, and an earlier "
        "statement (a grade C lead, shown for reference only) **{stated}** a year: the target "
        "asks **{ratio}** what capacity supports.",
        "id": "Target tersebut berarti **{implied}** peserta per BLK Komunitas baru. Kapasitas "
        "pelatihan yang dinyatakan berarti **{capacity}** per tahun per BLK Komunitas, dan "
        "pernyataan sebelumnya (angka tingkat C, sumber awal yang belum terverifikasi, hanya "
        "sebagai pembanding) **{stated}** per tahun: target menuntut **{ratio}** dari yang dapat "
        "ditampung kapasitas.",
    },
    "scaling.achievement": {
        "en": "Targets against what was later achieved",
        "id": "Target dibandingkan capaian kemudian",
    },
    "scaling.achievement_text": {
        "en": "The incubator target of {target} for {period} was reported exceeded by {when} "
        "({achieved}). Multiplied by {m}, it would need **{gap}** more.",
        "id": "Target inkubator sebanyak {target} untuk {period} dilaporkan terlampaui pada {when} "
        "({achieved}). Bila dikalikan {m}, masih diperlukan **{gap}** lagi.",
    },
    "scaling.sensitivity": {
        "en": "Sensitivity: multiplier and unit cost",
        "id": "Sensitivitas: pengali dan biaya satuan",
    },
    "scaling.sensitivity_text": {
        "en": "The implied total budget (real) for every combination of multiplier and unit-cost "
        "multiplier, computed at once by the vectorised sweep.",
        "id": "Total kebutuhan anggaran (riil) untuk setiap kombinasi pengali target dan pengali "
        "biaya satuan, dihitung sekaligus untuk semua kombinasi.",
    },
    "kf.implied_budget_max": {
        "en": "Implied budget at the largest multiplier",
        "id": "Kebutuhan anggaran pada pengali terbesar",
    },
    "kf.trainees_per_blkk": {
        "en": "Trainees per new BLK Komunitas",
        "id": "Peserta per BLK Komunitas baru",
    },
    # --- explorer -------------------------------------------------------------------------------
    "explore.title": {
        "en": "What-if explorer: move a slider, the tables and charts follow",
        "id": "Simulasi skenario: ubah parameter, tabel dan grafik ikut menyesuaikan",
    },
    "explore.even": {"en": "even", "id": "dibagi rata"},
    "explore.most": {"en": "most", "id": "sebanyak yang dimungkinkan sumber"},
    "explore.saved": {
        "en": "Saved {path}: run it with blk report --scenario {path}",
        "id": "Berkas {path} tersimpan; jalankan dengan perintah blk report --scenario {path}",
    },
    # --- charts ---------------------------------------------------------------------------------
    "chart.figures_by_program.title": {
        "en": "Registry figures by programme and basis",
        "id": "Angka registri menurut program dan jenis angka",
    },
    "chart.figures_by_program.x": {"en": "Number of figures", "id": "Jumlah angka"},
    "chart.timeline.title": {
        "en": "BLK Komunitas built per year and in total",
        "id": "BLK Komunitas yang dibangun per tahun dan totalnya",
    },
    "chart.timeline.built": {"en": "Built in the year", "id": "Dibangun tahun itu"},
    "chart.timeline.target": {"en": "Target for the year", "id": "Target tahun itu"},
    "chart.timeline.cumulative": {"en": "Running total", "id": "Total kumulatif"},
    "chart.timeline.y_built": {"en": "Built in the year", "id": "Dibangun tahun itu"},
    "chart.timeline.y_cumulative": {"en": "Running total", "id": "Total kumulatif"},
    "chart.timeline.note": {
        "en": "Hatched bars are derived from differences of stated totals.",
        "id": "Batang berarsir dihitung dari selisih total kumulatif yang dinyatakan.",
    },
    "chart.intensity.title": {
        "en": "BLK transformation: rupiah per BLK-year",
        "id": "Transformasi BLK: rupiah per BLK-tahun",
    },
    "chart.intensity.y": {"en": "Rupiah per BLK-year", "id": "Rupiah per BLK-tahun"},
    "chart.intensity.note": {
        "en": "Whiskers: the range when some BLK continue earlier construction.",
        "id": "Garis vertikal: rentang nilai bila sebagian BLK melanjutkan pembangunan tahun "
        "sebelumnya.",
    },
    "chart.per_trainee.title": {
        "en": "Vocational budget per trainee",
        "id": "Anggaran vokasi per peserta",
    },
    "chart.per_trainee.y": {"en": "Rupiah per trainee", "id": "Rupiah per peserta"},
    "chart.implied.title": {
        "en": "Budget implied by the multiplied targets (real)",
        "id": "Kebutuhan anggaran dari target yang dikalikan (riil)",
    },
    "chart.implied.y": {"en": "Implied budget", "id": "Kebutuhan anggaran"},
    "chart.sensitivity.title": {
        "en": "Implied total budget by multiplier and unit cost",
        "id": "Total kebutuhan anggaran menurut pengali dan biaya satuan",
    },
    "chart.sensitivity.y": {"en": "Unit cost multiplier", "id": "Pengali biaya satuan"},
    "chart.sensitivity.cbar": {"en": "Rupiah (triliun)", "id": "Rupiah (triliun)"},
}

LABELS: dict[str, dict[str, str]] = {
    # programmes
    "blk_transformation": {"en": "BLK transformation", "id": "Transformasi BLK"},
    "blk_komunitas": {"en": "BLK Komunitas", "id": "BLK Komunitas"},
    "incubators": {"en": "Incubators", "id": "Inkubator"},
    "training": {"en": "Training", "id": "Pelatihan"},
    "government_blk": {"en": "Government BLK", "id": "BLK pemerintah"},
    "kemnaker_budget": {"en": "Kemnaker budget", "id": "Anggaran Kemnaker"},
    "vocational_budget": {"en": "Vocational budget", "id": "Anggaran vokasi"},
    "total": {"en": "Total", "id": "Total"},
    # bases
    "basis": {"en": "Basis", "id": "Jenis angka"},
    "realised": {"en": "realised", "id": "realisasi"},
    "allocated": {"en": "allocated", "id": "alokasi"},
    "estimated_need": {"en": "estimated need", "id": "perkiraan kebutuhan"},
    "target": {"en": "target", "id": "target"},
    "count": {"en": "count", "id": "jumlah"},
    "capacity": {"en": "capacity", "id": "kapasitas"},
    # targets
    "trainees": {"en": "Added trainees", "id": "Tambahan peserta"},
    "blkk_agreements": {"en": "BLK Komunitas agreements", "id": "Perjanjian BLK Komunitas"},
    "blkk_yearly": {"en": "BLK Komunitas yearly target", "id": "Target tahunan BLK Komunitas"},
    "blkk_built": {"en": "BLK Komunitas built", "id": "BLK Komunitas dibangun"},
    "implied_by_targets": {"en": "Implied by the targets", "id": "Menurut target"},
    "stated_capacity": {
        "en": "Stated training capacity",
        "id": "Kapasitas pelatihan yang dinyatakan",
    },
    "stated": {
        "en": "Stated per-unit target (lead)",
        "id": "Target per unit yang dinyatakan (sumber awal)",
    },
    # columns
    "program": {"en": "Programme", "id": "Program"},
    "id": {"en": "Figure", "id": "Angka"},
    "period": {"en": "Period", "id": "Periode"},
    "year": {"en": "Year", "id": "Tahun"},
    "value": {"en": "Value", "id": "Nilai"},
    "unit": {"en": "Unit", "id": "Satuan"},
    "parameter": {"en": "Parameter", "id": "Parameter"},
    "meaning": {"en": "Meaning", "id": "Arti"},
    "as_stated": {"en": "As stated", "id": "Sebagaimana dinyatakan"},
    "quote": {"en": "Quote", "id": "Kutipan"},
    "speaker": {"en": "Speaker", "id": "Pembicara"},
    "publisher": {"en": "Publisher", "id": "Penerbit"},
    "published": {"en": "Published", "id": "Tanggal terbit"},
    "reliability": {"en": "Grade", "id": "Tingkat"},
    "url": {"en": "Address", "id": "Alamat"},
    "figures": {"en": "Figures", "id": "Angka"},
    "source_id": {"en": "Source", "id": "Sumber"},
    "quantity": {"en": "Quantity", "id": "Besaran"},
    "preferred": {"en": "Preferred", "id": "Diutamakan"},
    "notes": {"en": "Notes", "id": "Catatan"},
    "total_idr": {"en": "Budget", "id": "Anggaran"},
    "units": {"en": "BLK covered", "id": "BLK tercakup"},
    "idr_per_unit": {"en": "Per BLK", "id": "Per BLK"},
    "idr_per_unit_low": {"en": "Per BLK (low)", "id": "Per BLK (batas bawah)"},
    "idr_per_unit_high": {"en": "Per BLK (high)", "id": "Per BLK (batas atas)"},
    "idr_per_unit_year": {"en": "Per BLK-year", "id": "Per BLK-tahun"},
    "idr_per_unit_year_real": {"en": "Per BLK-year (real)", "id": "Per BLK-tahun (riil)"},
    "idr_per_unit_year_real_low": {"en": "Real, low", "id": "Riil, batas bawah"},
    "idr_per_unit_year_real_high": {"en": "Real, high", "id": "Riil, batas atas"},
    "idr_per_unit_year_peak": {"en": "Peak year, per BLK", "id": "Per BLK pada tahun puncak"},
    "trainees_count": {"en": "Trainees", "id": "Peserta"},
    "idr_per_trainee": {"en": "Per trainee", "id": "Per peserta"},
    "idr_per_trainee_real": {"en": "Per trainee (real)", "id": "Per peserta (riil)"},
    "from_period": {"en": "From", "id": "Dari"},
    "to_period": {"en": "To", "id": "Sampai"},
    "comparison": {"en": "Bases compared", "id": "Jenis angka yang dibandingkan"},
    "mixed_basis": {"en": "Mixed bases", "id": "Jenis angka berbeda"},
    "multiple": {"en": "Multiple", "id": "Kelipatan"},
    "multiple_low": {"en": "Multiple (low)", "id": "Kelipatan (batas bawah)"},
    "multiple_high": {"en": "Multiple (high)", "id": "Kelipatan (batas atas)"},
    "years_between": {"en": "Years", "id": "Tahun"},
    "cagr": {"en": "Growth a year", "id": "Pertumbuhan per tahun"},
    "weight": {"en": "Share of envelope", "id": "Porsi dari total anggaran"},
    "idr": {"en": "Rupiah", "id": "Rupiah"},
    "idr_real": {"en": "Rupiah (real)", "id": "Rupiah (riil)"},
    "built": {"en": "Built", "id": "Dibangun"},
    "cumulative": {"en": "Running total", "id": "Total kumulatif"},
    "built_derived": {"en": "Built derived", "id": "Dihitung dari selisih total"},
    "conflict": {"en": "Sources disagree", "id": "Sumber saling berbeda"},
    "target_value": {"en": "Target", "id": "Target"},
    "target_initial": {"en": "Initial target", "id": "Target awal"},
    "base_value": {"en": "Target as stated", "id": "Target yang dinyatakan"},
    "multiplier": {"en": "Multiplier", "id": "Pengali"},
    "implied_value": {"en": "Implied units", "id": "Unit yang dibutuhkan"},
    "unit_cost_real": {"en": "Unit cost (real)", "id": "Biaya satuan (riil)"},
    "implied_budget_real": {"en": "Implied budget (real)", "id": "Kebutuhan anggaran (riil)"},
    "implied_blkk_stock": {"en": "BLK Komunitas stock", "id": "Jumlah BLK Komunitas (kumulatif)"},
    "share_of_blkk_stock": {
        "en": "Share of BLK Komunitas",
        "id": "Porsi dari jumlah BLK Komunitas",
    },
    "achieved": {"en": "Achieved", "id": "Capaian"},
    "achieved_share": {"en": "Achieved / target", "id": "Capaian / target"},
    "gap": {"en": "Gap", "id": "Selisih"},
    "measure": {"en": "Measure", "id": "Ukuran"},
    "achieved_derived": {"en": "Derived", "id": "Hasil perhitungan"},
    "reference": {"en": "Reference", "id": "Acuan"},
    "trainees_per_blkk": {"en": "Trainees per BLK Komunitas", "id": "Peserta per BLK Komunitas"},
    "per_year": {"en": "Per year", "id": "Per tahun"},
    "lead": {"en": "Lead (grade C)", "id": "Sumber awal, belum terverifikasi (tingkat C)"},
    "target_label": {"en": "Target", "id": "Target"},
    "idr_per_unit_real": {"en": "Per BLK (real)", "id": "Per BLK (riil)"},
    "achieved_period": {"en": "Achieved in", "id": "Dicapai pada"},
    "numerator_id": {"en": "Numerator", "id": "Pembilang"},
    "denominator_id": {"en": "Denominator", "id": "Penyebut"},
    "inflation": {"en": "CPI inflation (Dec y-o-y)", "id": "Inflasi IHK tahunan (Des, y-on-y)"},
    "sources": {"en": "Reported by", "id": "Diberitakan oleh"},
    "urls": {"en": "Addresses", "id": "Alamat"},
}


class MissingTranslation(KeyError):
    pass


def t(key: str, lang: str = "en", **values: Any) -> str:
    """The message ``key`` in ``lang``, filled with ``values``."""
    try:
        entry = MESSAGES[key]
    except KeyError:
        raise MissingTranslation(f"no message {key!r} in the catalogue") from None
    text = entry.get(lang)
    if text is None:
        raise MissingTranslation(f"message {key!r} has no {lang!r} text")
    return text.format(**values) if values else text


def label(name: str, lang: str = "en") -> str:
    """A reader's name for a column, programme, basis or code (the code itself if unknown)."""
    entry = LABELS.get(name)
    if entry is None:
        return name
    return entry.get(lang, entry["en"])


def param_value(name: str, value: Any, lang: str = "en") -> str:
    """A parameter's value for a reader: in English as written in a scenario file (null, true,
    1.5, a, b); in other languages the catalogue's words for it ("value.<name>.<value>", then
    "value.<value>"). Numbers are shown as written."""
    if isinstance(value, list | tuple):
        return ", ".join(param_value(name, v, lang) for v in value)
    if value is None:
        code = "null"
    elif isinstance(value, bool):
        code = "true" if value else "false"
    elif isinstance(value, float):
        code = f"{value:g}"
    else:
        code = str(value)
    for key in (f"value.{name}.{code}", f"value.{code}"):
        if key in MESSAGES:
            return t(key, lang)
    return code


#: the report runner's own words (header, footer, index) in Indonesian; English is the runner's
#: default text (blkanalysis.reports.labels.DEFAULT_LABELS)
RUNNER_ID: dict[str, str] = {
    "index_title": "Laporan",
    "summary": "{total} laporan dari {scenarios} skenario dan {notebooks} notebook: {ok} berhasil",
    "summary_failed": "{failed} gagal",
    "summary_kept": "{kept} berasal dari pembuatan sebelumnya (bukan bagian dari yang terakhir).",
    "scenario": "Skenario",
    "scenarios": "Skenario",
    "author": "Penyusun",
    "references": "Rujukan",
    "references_of_scenario": "Rujukan skenario",
    "from_file": "Dari",
    "parameter": "parameter",
    "value": "nilai",
    "parameters_caption": "Parameter laporan ini",
    "no_parameters": "Notebook ini tidak memiliki parameter.",
    "no_parameters_index": "Tanpa parameter (nilai bawaan notebook).",
    "status.ok": "berhasil",
    "status.failed": "gagal",
    "earlier_build": "(hasil pembuatan sebelumnya)",
    "report": "laporan",
    "notebook": "notebook",
    "previous_report": "laporan sebelumnya",
    "previous_notebook": "notebook sebelumnya",
    "failed_notebook": "notebook yang gagal",
    "warnings": "peringatan (lihat manifest.json)",
    "not_built": "belum dibuat",
    "other_languages": "Juga tersedia dalam",
    "sources": "Sumber",
    "no_sources": "Notebook ini tidak mencantumkan sumber.",
    "how_made": "Cara laporan ini dibuat",
    "made_notebook": "Notebook {notebook} (SHA-256 {sha}), dijalankan dengan skenario {scenario}",
    "made_from": "dari {file}",
    "data_files": "berkas data yang dibaca",
    "made_by": "Dibuat oleh perangkat pembuat laporan blkanalysis (versi {runner}) dengan "
    "Python {python}",
    "footer": "Dibuat oleh perangkat pembuat laporan blkanalysis. Masukan, versi, kunci cache, "
    "dan durasi:",
    "language.en": "English",
    "language.id": "Bahasa Indonesia",
}

# --- scenario parameters: label and help in Indonesian ------------------------------------
#: "param.<name>.label" and "param.<name>.help" of every parameter declared in
#: blkanalysis/parameters.py, in Indonesian; the English is the declaration's own label and help
#: (as the runner's English is its default text). A test checks every declaration has both.
PARAMETERS_ID: dict[str, str] = {
    "param.multipliers.label": "Pengali target",
    "param.multipliers.help": 'pengali "berkali lipat" yang diterapkan pada target',
    "param.base_year.label": "Tahun dasar harga",
    "param.base_year.help": "tahun dasar harga untuk nilai riil (tahun yang ada dalam deret IHK)",
    "param.price_point.label": "Titik harga IHK",
    "param.price_point.help": "titik harga IHK: Desember (tingkat IHK Desember menurut BPS) atau "
    "pertengahan tahun (rata-rata geometrik IHK Desember di sekitar tahun itu)",
    "param.bases.label": "Jenis angka anggaran",
    "param.bases.help": "jenis angka anggaran yang diperhitungkan (realisasi, alokasi, perkiraan "
    "kebutuhan)",
    "param.envelope_first_year_share.label": "Porsi tahun pertama anggaran tahun jamak",
    "param.envelope_first_year_share.help": "porsi anggaran tahun jamak yang dibelanjakan pada "
    "tahun pertama (bila tidak diisi: dibagi rata)",
    "param.carryover_units.label": "BLK lanjutan pembangunan",
    "param.carryover_units.help": "jumlah BLK dalam suatu anggaran yang melanjutkan pembangunan "
    "tahun sebelumnya (bila tidak diisi: sebanyak yang dimungkinkan sumber)",
    "param.carryover_cost_share.label": "Porsi biaya BLK lanjutan",
    "param.carryover_cost_share.help": "porsi biaya satu BLK baru yang masih diperlukan oleh BLK "
    "lanjutan (0 = tidak ada, 1 = seluruhnya)",
    "param.unit_cost_multiplier.label": "Pengali biaya satuan",
    "param.unit_cost_multiplier.help": "pengali untuk semua biaya satuan menurut sumber (bagaimana "
    "jika biaya pembangunan lebih mahal?)",
    "param.blkk_unit_cost_year.label": "Tahun biaya per BLK Komunitas",
    "param.blkk_unit_cost_year.help": "tahun biaya per BLK Komunitas menurut sumber yang dipakai "
    "untuk anggaran tersirat",
    "param.trainee_cost_year.label": "Tahun biaya per peserta",
    "param.trainee_cost_year.help": "tahun biaya vokasi per peserta pelatihan menurut sumber (bila "
    "tidak diisi: rata-rata semua tahun)",
    "param.blkk_reading.label": "Cara membaca jumlah BLK Komunitas",
    "param.blkk_reading.help": "bila jumlah BLK Komunitas yang dibangun pada suatu tahun tidak "
    "cocok dengan total kumulatif yang dinyatakan, angka yang dipegang: jumlah dibangun atau "
    "total kumulatif",
    "param.include_leads.label": "Sertakan angka tingkat C",
    "param.include_leads.help": "pakai juga angka tingkat C (sumber awal, belum terverifikasi) "
    "sebagai masukan",
    "param.target_year.label": "Tahun target yang dikalikan",
    "param.target_year.help": "tahun yang target-target pengumumannya dikalikan; tahun mana pun "
    "yang targetnya tersimpan di registri",
    "param.lang.label": "Bahasa laporan",
    "param.lang.help": "bahasa laporan (Inggris atau Indonesia)",
}


def param_label(name: str, lang: str = "en") -> str:
    """A parameter's label for a reader: the declaration's (English) or the catalogue's."""
    return param_text(name, "label", lang)


def param_help(name: str, lang: str = "en") -> str:
    """What a parameter means, for a reader: the declaration's (English) or the catalogue's."""
    return param_text(name, "help", lang)


def param_text(name: str, part: str, lang: str) -> str:
    """A declared parameter's ``label`` or ``help`` in ``lang``."""
    from .parameters import BY_NAME

    declared = BY_NAME.get(name)
    if declared is None:
        raise MissingTranslation(f"no parameter {name!r} is declared")
    if lang == "en":
        return getattr(declared, part)
    text = PARAMETERS_ID.get(f"param.{name}.{part}") if lang == "id" else None
    if text is None:
        raise MissingTranslation(f"parameter {name!r} has no {lang!r} {part}")
    return text


#: report notebooks (file stems) and the catalogue name of each (its title is "<name>.title")
NOTEBOOKS: dict[str, str] = {
    "01_figures_overview": "overview",
    "02_budget_intensity": "intensity",
    "03_target_scaling": "scaling",
}


def runner_labels(lang: str | None) -> dict[str, str]:
    """The report runner's words in ``lang`` (its English defaults need no translation),
    the notebooks' titles from the catalogue and the parameters' labels (``parameter.<name>``)."""
    lang = lang or "en"
    out = dict(RUNNER_ID) if lang == "id" else {}
    out.update({f"notebook.{stem}": t(f"{name}.title", lang) for stem, name in NOTEBOOKS.items()})
    out.update({f"parameter.{name}": param_label(name, lang) for name in _parameter_names()})
    return out


def _parameter_names() -> list[str]:
    from .parameters import names

    return names()
