// What the console says for each code the API can answer, in Bahasa Indonesia. One table: a test
// (apps/console/src/i18n/errors.spec.ts) compares it with every code of apps/api/src/openapi/error-codes.ts,
// which openapi.spec.ts keeps equal to the codes the libraries throw. A code has one message wherever it is
// thrown, so each message is written to be true in every place that throws it (grep the code to check).
// Grouped by area, sorted by code within a group; a code shared by several areas sits in the first group
// that throws it ("Isian umum" for the plain field checks).

// One entry per line, so that the table reads as a table: prettier would break each long entry in four.
// prettier-ignore
export const ERROR_MESSAGES: ReadonlyMap<string, string> = new Map([
  // The console's own, for answers that never came or came without a code, and the error filter's
  // generic codes (apps/api/src/error.filter.ts) that no code table lists.
  ['INTERNAL', 'Terjadi kesalahan di server. Coba lagi; bila berulang, laporkan kepada admin dengan waktu kejadiannya.'],
  ['NETWORK_ERROR', 'Tidak dapat menghubungi server. Periksa koneksi, lalu coba lagi.'],
  ['NOT_FOUND', 'Halaman atau data yang diminta tidak ditemukan. Periksa alamatnya, atau kembali ke Beranda.'],
  ['SIGN_IN_REFUSED', 'Penyedia identitas tidak mengizinkan masuk. Coba masuk lagi; bila berulang, hubungi admin.'],
  ['SIGN_IN_STATE_MISMATCH', 'Proses masuk tidak dimulai dari tab ini atau sudah kedaluwarsa. Silakan mulai masuk lagi.'],

  // Every request: its body, its text, its headers and the save (WITH_BODY, WITH_TEXT, COMMAND).
  ['BAD_REQUEST', 'Permintaan tidak dapat diproses karena isinya tidak sesuai. Muat ulang halaman, lalu coba lagi.'],
  ['EVENT_TOO_LARGE', 'Perubahan ini terlalu besar untuk disimpan sekaligus. Persingkat isian, atau bagi menjadi beberapa perubahan.'],
  ['INVALID_IDEMPOTENCY_KEY', 'Penanda pengiriman dari aplikasi tidak sah. Muat ulang halaman, lalu kirim lagi.'],
  ['INVALID_IF_MATCH', 'Penanda versi data dari aplikasi tidak sah. Muat ulang halaman, lalu ulangi perubahan Anda.'],
  ['INVALID_TEXT', 'Isian memuat karakter yang tidak diizinkan (karakter kendali atau karakter rusak). Hapus karakter tersebut, lalu kirim lagi.'],
  ['MALFORMED_JSON', 'Data yang dikirim rusak sehingga tidak terbaca oleh server. Muat ulang halaman, lalu coba lagi.'],
  ['PAYLOAD_TOO_LARGE', 'Data yang dikirim terlalu besar. Persingkat isian, atau kirim dalam beberapa bagian.'],
  ['RATE_LIMITED', 'Terlalu banyak permintaan dalam waktu singkat. Tunggu sebentar, lalu coba lagi.'],
  ['VALIDATION_FAILED', 'Ada isian yang belum sesuai. Periksa kolom yang ditandai, lalu kirim lagi.'],
  ['VERSION_CONFLICT', 'Data ini baru saja diubah di tempat lain. Muat ulang untuk melihat versi terbaru, lalu ulangi perubahan Anda.'],

  // Masuk: the token of every authenticated route, and the console's sign-in (session).
  ['DEMO_SIGN_IN_DISABLED', 'Masuk sebagai pengguna demo tidak tersedia di sini. Silakan masuk melalui layanan masuk instansi Anda.'],
  ['TOKEN_EXPIRED', 'Sesi Anda telah berakhir. Silakan masuk kembali; isian Anda tetap tersimpan.'],
  ['TOKEN_INVALID', 'Sesi Anda tidak dapat diverifikasi. Silakan masuk kembali.'],
  ['TOKEN_INVALID_SIGNATURE', 'Tanda tangan sesi Anda tidak sah. Silakan masuk kembali.'],
  ['TOKEN_MALFORMED', 'Data sesi Anda rusak. Silakan masuk kembali.'],
  ['TOKEN_MISSING', 'Anda belum masuk. Silakan masuk terlebih dahulu.'],
  ['TOKEN_WRONG_AUDIENCE', 'Sesi Anda dibuat untuk aplikasi lain. Silakan masuk kembali melalui halaman Masuk aplikasi ini.'],
  ['TOKEN_WRONG_ISSUER', 'Sesi Anda berasal dari layanan masuk yang tidak dikenal. Silakan masuk kembali melalui halaman Masuk aplikasi ini.'],
  ['UNKNOWN_USER', 'Pengguna demo ini tidak dikenal. Pilih salah satu pengguna dari daftar.'],

  // Hak akses: the access policy's refusals (libs/domain/access/policy.ts), on every authenticated route.
  ['NOT_OWN_RECORD', 'Tindakan ini hanya untuk pegawai yang bersangkutan (atau atasannya, bila diizinkan). Pastikan Anda membuka data milik Anda sendiri.'],
  ['NOT_RATERS_SUPERVISOR', 'Hanya atasan pejabat penilai pada tanggal tersebut yang dapat melakukan tindakan ini (misalnya memutuskan keberatan).'],
  ['NOT_SUPERVISOR', 'Hanya atasan langsung pegawai pada tanggal tersebut yang dapat melakukan tindakan ini.'],
  ['OUTSIDE_OPD', 'Peran Anda berlaku untuk OPD lain, bukan OPD pegawai ini. Hubungi admin BKPSDM bila peran Anda perlu diubah.'],
  ['OWN_RECORD_CHANGE', 'Anda tidak dapat mengubah data kepegawaian Anda sendiri. Mintalah petugas kepegawaian lain untuk mengubahnya.'],
  ['PAY_IS_PRIVATE', 'Slip dan penghasilan TPP bersifat pribadi: atasan tidak dapat melihatnya, hanya pegawai yang bersangkutan dan petugas keuangan OPD-nya.'],
  ['RATER_MAY_NOT_DECIDE', 'Pejabat penilai tidak dapat memutuskan keberatan atas penilaiannya sendiri; keberatan diputuskan oleh atasan pejabat penilai.'],
  ['READ_ONLY_ROLE', 'Peran Inspektorat hanya dapat melihat data, tidak dapat mengubahnya.'],
  ['ROLE_REQUIRED', 'Anda tidak memiliki peran yang diperlukan untuk tindakan ini. Hubungi admin bila Anda seharusnya memilikinya.'],
  ['SUBJECT_MISMATCH', 'Tindakan ini tidak berlaku untuk data yang dipilih. Muat ulang halaman; bila berulang, laporkan kepada admin.'],
  ['UNKNOWN_ACTION', 'Tindakan ini tidak dikenali oleh server. Muat ulang halaman; bila berulang, laporkan kepada admin.'],

  // Isian umum: path and query parameters (PARAMETER) and the plain field checks many areas share.
  ['INVALID_AMOUNT', 'Jumlah rupiah tidak valid: isi rupiah penuh dengan angka saja (tanpa titik atau koma); penghasilan bruto tidak boleh kurang dari dasar gaji.'],
  ['INVALID_DATE', 'Tanggal tidak valid. Pilih tanggal yang benar.'],
  ['INVALID_MONTH', 'Bulan tidak valid. Pilih bulan dan tahun yang benar.'],
  ['INVALID_NIP', 'NIP tidak valid. NIP terdiri atas 18 angka: tanggal lahir, bulan dan tahun pengangkatan CPNS, jenis kelamin, dan nomor urut.'],
  ['INVALID_OPD_ID', 'Kode OPD tidak valid. Pilih OPD dari daftar.'],
  ['INVALID_PERIOD', 'Periode tidak valid. Pilih periode dari daftar (bulan, atau triwulan bila berlaku).'],
  ['INVALID_POSITION_GRADE', 'Kelas jabatan tidak valid. Isi bilangan bulat dalam rentang kelas jabatan yang berlaku.'],
  ['INVALID_SHA256', 'Sidik berkas bukti dukung tidak valid. Unggah ulang berkasnya.'],
  ['INVALID_STREAM_NAME', 'Kode riwayat data tidak valid. Periksa kode yang dimasukkan.'],
  ['INVALID_YEAR', 'Tahun tidak valid. Pilih tahun yang tersedia.'],
  ['MISSING_FIELD', 'Ada isian wajib yang masih kosong. Lengkapi kolom yang ditandai.'],
  ['REASON_REQUIRED', 'Alasan wajib diisi. Tuliskan alasannya pada kolom yang ditandai.'],
  ['TEXT_TOO_LONG', 'Teks terlalu panjang. Persingkat isian pada kolom yang ditandai.'],
  ['UNKNOWN_OPD', 'OPD tidak ditemukan pada tanggal yang dimaksud. Pilih OPD dari daftar.'],

  // SKP: RHK, IKI, cascading from the superior's RHK, submission, approval, revision, handing an RHK over.
  ['DUPLICATE_ASSIGNEE', 'Seorang bawahan tercantum lebih dari sekali. Hapus nama yang ganda.'],
  ['DUPLICATE_ID', 'Ada RHK atau IKI yang tercantum dua kali. Hapus salah satunya, lalu simpan lagi.'],
  ['INVALID_TARGET', 'Target IKI di luar rentang yang diizinkan. Isi angka target sesuai batas pada kolom yang ditandai.'],
  ['MISSING_TARGET', 'Setiap bawahan harus diberi target untuk setiap IKI. Lengkapi target yang masih kosong.'],
  ['NO_ASSIGNEES', 'Pilih sedikitnya satu bawahan yang akan menerima RHK ini.'],
  ['NO_INDICATORS', 'Setiap RHK memerlukan sedikitnya satu IKI. Tambahkan IKI pada RHK yang ditandai.'],
  ['NO_RESULTS', 'SKP memerlukan sedikitnya satu RHK. Tambahkan RHK terlebih dahulu.'],
  ['PARENT_PLAN_NOT_APPROVED', 'SKP atasan langsung belum disetujui. SKP ini baru dapat disetujui setelah SKP atasan disetujui.'],
  ['PARENT_RESULT_NOT_IN_LINE', 'RHK atasan yang dirujuk tidak ada dalam SKP atasan langsung. Pilih RHK atasan dari daftar.'],
  ['PARENT_RESULT_REQUIRED', 'Setiap RHK harus merujuk RHK atasan yang didukungnya. Pilih RHK atasan pada RHK yang ditandai.'],
  ['TOO_MANY_ASSIGNEES', 'Jumlah bawahan melebihi batas untuk sekali pembagian. Bagikan RHK dalam beberapa kali.'],
  ['TOO_MANY_INDICATORS', 'Jumlah IKI pada satu RHK melebihi batas. Kurangi atau gabungkan IKI.'],
  ['TOO_MANY_RESULTS', 'Jumlah RHK dalam satu SKP melebihi batas. Kurangi atau gabungkan RHK.'],
  ['UNKNOWN_INDICATOR', 'IKI yang dipilih tidak ada dalam RHK atau SKP yang berlaku. Pilih IKI dari daftar.'],
  ['UNKNOWN_UNIT', 'Satuan IKI tidak dikenali. Pilih satuan dari daftar.'],
  ['WORKPLAN_ALREADY_APPROVED', 'SKP ini sudah disetujui. Perubahan diajukan sebagai revisi dengan alasan.'],
  ['WORKPLAN_ALREADY_SUBMITTED', 'SKP ini sudah diajukan dan menunggu keputusan pejabat penilai. Tunggu hingga disetujui atau dikembalikan.'],
  ['WORKPLAN_NOT_APPROVED', 'SKP belum disetujui. Realisasi dan revisi hanya untuk SKP yang sudah disetujui; SKP yang masih draf cukup diubah langsung.'],
  ['WORKPLAN_NOT_FOUND', 'SKP pegawai untuk tahun ini belum ada. Buat draf SKP terlebih dahulu.'],
  ['WORKPLAN_NOT_SUBMITTED', 'SKP ini belum diajukan, sehingga belum dapat disetujui atau dikembalikan.'],

  // Laporan harian.
  ['DATE_OUTSIDE_MONTH', 'Tanggal laporan harian tidak berada dalam bulan yang dipilih. Pilih tanggal pada bulan tersebut.'],
  ['INVALID_DURATION', 'Durasi tidak valid. Isi jumlah menit bulat, antara 1 menit dan 24 jam.'],
  ['INVALID_EVIDENCE_LINK', 'Tautan bukti dukung tidak valid. Tautan diawali http:// atau https:// dan paling panjang 500 karakter.'],
  ['INVALID_FEEDBACK_KIND', 'Jenis tanggapan tidak dikenali. Pilih: diterima, catatan, atau perlu perbaikan.'],
  ['REPORTING_WINDOW_CLOSED', 'Batas waktu pelaporan untuk tanggal ini sudah lewat. Mintalah atasan langsung membuka kembali tanggal tersebut.'],
  ['REPORT_ALREADY_ANSWERED', 'Laporan harian ini sudah ditanggapi atasan. Muat ulang untuk melihat tanggapannya.'],
  ['REPORT_DATE_IN_FUTURE', 'Laporan harian tidak dapat dibuat untuk tanggal yang belum tiba. Pilih hari ini atau tanggal sebelumnya.'],
  ['REPORT_EXISTS', 'Laporan harian ini sudah tersimpan. Muat ulang untuk melihatnya.'],
  ['REPORT_NOT_FOUND', 'Laporan harian tidak ditemukan pada bulan ini. Muat ulang daftar laporan.'],
  ['UNKNOWN_RESULT', 'RHK yang dipilih tidak ada dalam SKP yang berlaku untuk tahun ini. Pilih RHK dari daftar.'],

  // Realisasi and bukti dukung (upload, storage, download).
  ['EVIDENCE_CONTENT_MISMATCH', 'Isi berkas tidak sesuai dengan jenisnya (misalnya berkas bernama .pdf yang bukan PDF). Unggah berkas aslinya.'],
  ['EVIDENCE_EMPTY', 'Berkas bukti dukung kosong. Pilih berkas yang berisi.'],
  ['EVIDENCE_HASH_MISMATCH', 'Berkas rusak saat dikirim: isinya tidak cocok dengan sidiknya. Unggah ulang berkas tersebut.'],
  ['EVIDENCE_NOT_FOUND', 'Berkas bukti dukung tidak ditemukan. Unggah berkasnya terlebih dahulu, lalu coba lagi.'],
  ['EVIDENCE_STORE_UNAVAILABLE', 'Penyimpanan bukti dukung sedang tidak dapat dihubungi. Coba lagi beberapa saat lagi.'],
  ['EVIDENCE_TAMPERED', 'Berkas bukti dukung yang tersimpan telah berubah sejak diunggah, sehingga tidak dapat dipercaya. Laporkan kepada admin.'],
  ['EVIDENCE_TOO_LARGE', 'Berkas bukti dukung terlalu besar. Perkecil ukurannya (misalnya kompres PDF atau foto), lalu unggah lagi.'],
  ['EVIDENCE_TYPE_REFUSED', 'Jenis berkas tidak diterima. Bukti dukung berupa berkas PDF, PNG, JPEG, DOCX, atau XLSX.'],
  ['INVALID_ACHIEVEMENT', 'Nilai capaian tidak valid. Isi angka mulai 0 sampai batas yang ditunjukkan.'],
  ['INVALID_EVIDENCE_KIND', 'Bukti dukung berupa berkas atau tautan. Pilih salah satu.'],
  ['REALISATION_ALREADY_ANSWERED', 'Realisasi ini sudah ditanggapi atasan. Muat ulang untuk melihat tanggapannya.'],
  ['REALISATION_EXISTS', 'Realisasi IKI ini untuk periode tersebut sudah tercatat. Muat ulang untuk melihatnya.'],
  ['REALISATION_NOT_FOUND', 'Realisasi IKI ini untuk periode tersebut tidak ditemukan. Muat ulang daftar realisasi.'],
  ['TOO_MANY_EVIDENCE_ITEMS', 'Jumlah bukti dukung melebihi batas. Gabungkan beberapa berkas, atau hapus yang tidak perlu.'],
  ['UPLOADER_WITHOUT_NIP', 'Bukti dukung hanya dapat diunggah oleh pegawai (akun yang memiliki NIP). Masuk dengan akun pegawai Anda.'],
  ['UPLOAD_ABORTED', 'Pengunggahan terputus sebelum selesai. Periksa koneksi, lalu unggah lagi.'],

  // Umpan balik 360 (BerAKHLAK) and the public feedback page.
  ['FEEDBACK_ALREADY_GIVEN', 'Umpan balik ini sudah diberikan. Umpan balik hanya dapat diberikan sekali.'],
  ['FEEDBACK_LINK_NOT_FOUND', 'Tautan umpan balik tidak ditemukan atau sudah ditutup. Mintalah tautan yang berlaku kepada unit layanan.'],
  ['FEEDBACK_NOT_INVITED', 'Anda tidak diundang untuk memberi umpan balik ini. Hanya orang yang diundang pejabat penilai yang dapat mengisinya.'],
  ['INVALID_COMMENT', 'Komentar tidak valid: bila diisi, komentar tidak boleh kosong dan tidak boleh melebihi batas panjang.'],
  ['INVALID_RELATION', 'Hubungan dengan pegawai tidak valid. Pilih rekan kerja atau bawahan.'],
  ['INVALID_SCORE', 'Nilai tidak valid. Setiap nilai BerAKHLAK berupa angka 1 sampai 5.'],
  ['INVALID_SERVICE', 'Nama layanan wajib diisi dan tidak boleh melebihi batas panjang.'],
  ['NO_INVITEES', 'Undang sedikitnya satu orang untuk memberi umpan balik.'],
  ['RATER_NOT_INVITEE', 'Pejabat penilai tidak termasuk pemberi umpan balik 360. Hapus namanya dari daftar undangan.'],
  ['SELF_FEEDBACK', 'Pegawai tidak dapat memberi umpan balik untuk dirinya sendiri. Hapus namanya dari daftar undangan.'],
  ['TOO_MANY_INVITEES', 'Jumlah undangan melebihi batas untuk sekali kirim. Kirim undangan dalam beberapa kali.'],
  ['UNKNOWN_VALUE', 'Ada aspek penilaian yang tidak dikenali. Beri nilai hanya pada aspek yang tercantum di formulir.'],

  // Penilaian kinerja: rating, calibration and issue of a unit, keberatan and its decision.
  ['APPRAISALS_INCOMPLETE', 'Masih ada pegawai unit ini yang belum dinilai. Lengkapi semua penilaian sebelum menetapkannya.'],
  ['APPRAISAL_NOT_FOUND', 'Penilaian kinerja pegawai untuk periode ini tidak ditemukan. Periksa pegawai dan periodenya.'],
  ['APPRAISAL_NOT_ISSUED', 'Penilaian ini belum ditetapkan, sehingga belum dapat diajukan keberatan.'],
  ['DECISION_NOT_DUE', 'Batas waktu keputusan keberatan belum tiba, sehingga keberatan belum dapat dieskalasi ke BKPSDM.'],
  ['DISTRIBUTION_EXCEEDED', 'Sebaran predikat unit ini di luar kurva yang diizinkan untuk hasil kerja organisasinya. Ubah penilaian, atau minta kepala unit menuliskan alasan penyimpangannya.'],
  ['DISTRIBUTION_WITHIN_CURVE', 'Sebaran predikat sudah sesuai kurva, sehingga tidak perlu alasan penyimpangan.'],
  ['DUPLICATE_RESULT', 'Satu RHK hanya dinilai sekali. Hapus penilaian RHK yang ganda.'],
  ['INVALID_BEHAVIOUR_VALUE', 'Aspek perilaku kerja tidak dikenali. Pilih dari tujuh nilai BerAKHLAK.'],
  ['INVALID_EVIDENCE', 'Bukti dukung keberatan tidak valid. Lampirkan berkas yang sudah diunggah, atau tautan yang diawali http:// atau https://.'],
  ['INVALID_ORGANISATION_RESULT', 'Hasil kerja organisasi tidak valid. Pilih: Istimewa, Baik, Butuh Perbaikan, Kurang, atau Sangat Kurang.'],
  ['INVALID_OUTCOME', 'Keputusan keberatan tidak valid. Pilih “menguatkan” atau “mengubah” penilaian.'],
  ['INVALID_RATING', 'Nilai tidak valid. Pilih salah satu nilai yang tersedia pada kolom yang ditandai.'],
  ['NOTHING_AMENDED', 'Keputusan “mengubah” harus mengubah sedikitnya satu penilaian. Bila penilaian tetap, pilih “menguatkan”.'],
  ['NOTHING_TO_ISSUE', 'Tidak ada penilaian unit ini yang menunggu untuk ditetapkan.'],
  ['NOT_OWN_APPRAISAL', 'Keberatan hanya dapat diajukan oleh pegawai yang dinilai.'],
  ['NOT_PLACED', 'Pegawai tidak menduduki jabatan di OPD mana pun pada hari terakhir periode. Hubungi BKPSDM untuk memperbaiki data jabatannya.'],
  ['NOT_RATED', 'Penilaian ini belum diisi. Isi penilaian terlebih dahulu.'],
  ['NOT_THE_RATER', 'Hanya atasan langsung pada hari terakhir periode (pejabat penilai) yang dapat menilai pegawai ini.'],
  ['NO_OBJECTION', 'Tidak ada keberatan yang menunggu keputusan untuk penilaian ini.'],
  ['NO_RATER', 'Pegawai tidak memiliki atasan langsung pada hari terakhir periode, sehingga tidak ada pejabat penilai. Hubungi BKPSDM untuk memperbaiki data jabatan.'],
  ['OBJECTION_ALREADY_DECIDED', 'Keberatan ini sudah diputuskan dan hasilnya sudah tercatat; keputusan keberatan bersifat final.'],
  ['OBJECTION_ALREADY_FILED', 'Keberatan atas penilaian ini sudah diajukan. Keberatan hanya dapat diajukan sekali.'],
  ['OBJECTION_WINDOW_CLOSED', 'Batas waktu pengajuan keberatan sudah lewat, sehingga keberatan tidak dapat diajukan lagi.'],
  ['ORGANISATION_RESULT_MISSING', 'Hasil kerja organisasi unit ini untuk periode tersebut belum ditetapkan. Mintalah BKPSDM menetapkannya terlebih dahulu.'],
  ['PERIOD_CLOSED', 'Penilaian periode ini sudah ditetapkan. Perubahan hanya dapat dilakukan melalui keberatan.'],
  ['PERIOD_NOT_ENDED', 'Periode ini belum berakhir. Penilaian dapat diisi mulai hari terakhir periode.'],
  ['WINDOW_STILL_OPEN', 'Masa pengajuan keberatan masih berjalan. Penilaian menjadi final setelah masa itu berakhir.'],

  // Tindak lanjut: training recommendations and hours, the predikat of years before kinerja.
  ['COMPLETION_IN_FUTURE', 'Pelatihan dicatat setelah selesai. Tanggal selesai tidak boleh setelah hari ini.'],
  ['INVALID_HOURS', 'Jumlah jam pelajaran (JP) tidak valid. Isi bilangan bulat dari 1 sampai 1000.'],
  ['RECOMMENDATION_CLOSED', 'Rekomendasi pelatihan ini sudah ditutup oleh pelatihan yang dicatat sebelumnya.'],
  ['TRAINING_EXISTS', 'Pelatihan ini sudah tercatat.'],
  ['UNKNOWN_PREDIKAT', 'Predikat tidak dikenali. Pilih: Sangat Baik, Baik, Butuh Perbaikan, Kurang, atau Sangat Kurang.'],
  ['UNKNOWN_RECOMMENDATION', 'Rekomendasi pelatihan tidak ditemukan untuk pegawai ini. Pilih rekomendasi dari daftar.'],
  ['YEAR_APPRAISED_IN_KINERJA', 'Tahun ini dinilai di aplikasi ini: predikat tahunannya adalah predikat periode terakhir, tidak dicatat manual.'],
  ['YEAR_PREDIKAT_EXISTS', 'Predikat tahun tersebut sudah tercatat.'],

  // Pegawai: the employee register and its import.
  ['EFFECTIVE_DATE_BEFORE_REGISTRATION', 'Tanggal berlaku (TMT) lebih awal dari tanggal pegawai terdaftar. Isi tanggal pada atau setelah tanggal terdaftar.'],
  ['EMPLOYEE_ALREADY_REGISTERED', 'Pegawai dengan NIP ini sudah terdaftar.'],
  ['EMPLOYEE_NOT_FOUND', 'Pegawai dengan NIP ini tidak terdaftar pada tanggal atau OPD yang dimaksud. Periksa NIP-nya.'],
  ['EMPLOYEE_RETIRED', 'Pegawai ini sudah pensiun, sehingga datanya tidak dapat didaftarkan atau diubah lagi.'],
  ['FIELD_TOO_LONG', 'Isian terlalu panjang. Persingkat kolom yang ditandai.'],
  ['IMPORT_REJECTED', 'Berkas impor memuat kesalahan, sehingga tidak ada data yang diimpor. Perbaiki baris yang tercantum, lalu impor lagi.'],
  ['INVALID_BANK_ACCOUNT', 'Rekening bank tidak valid. Nomor rekening wajib diisi dan terdiri atas 6 sampai 20 angka.'],
  ['LATER_CHANGES_EXIST', 'Sudah ada perubahan data pegawai setelah tanggal pensiun ini. Batalkan perubahan tersebut terlebih dahulu, atau gunakan tanggal yang lebih akhir.'],
  ['NIP_MISMATCH', 'NIP pada isian berbeda dengan NIP pegawai yang dibuka. Periksa NIP-nya.'],
  ['TAX_CATEGORY_MISMATCH', 'Kategori TER tidak sesuai dengan status PTKP pegawai. Sesuaikan kategori TER dengan status PTKP.'],

  // Organisasi: units, positions and assignments (definitive or Plt).
  ['ACTING_OVERLAP', 'Sudah ada Plt lain pada jabatan ini dalam periode yang sama. Sesuaikan tanggal penugasannya.'],
  ['ASSIGNMENT_DATES_INVALID', 'Tanggal akhir penugasan harus setelah tanggal mulainya.'],
  ['ASSIGNMENT_EXISTS', 'Penugasan dengan kode ini sudah ada.'],
  ['BUDGET_CODE_ONLY_FOR_OPD', 'Kode anggaran hanya untuk OPD (unit tertinggi), bukan untuk unit di bawahnya.'],
  ['BUDGET_CODE_REQUIRED', 'OPD memerlukan kode anggaran. Isi kode anggarannya.'],
  ['CYCLE_IN_TREE', 'Perubahan ini membuat unit atau jabatan menjadi atasan dirinya sendiri. Pilih induk yang lain.'],
  ['HOLDER_ALREADY_PLACED', 'Pegawai ini sudah menduduki jabatan definitif (atau jabatan ini) pada periode tersebut. Akhiri penugasan lamanya terlebih dahulu.'],
  ['INVALID_SEATS', 'Jumlah formasi tidak valid. Isi bilangan bulat, sedikitnya 1.'],
  ['OPD_CANNOT_MOVE', 'OPD adalah unit tertinggi dan tidak dapat dipindahkan ke bawah unit lain.'],
  ['ORG_UNIT_EXISTS', 'Unit organisasi dengan kode ini sudah ada.'],
  ['POSITION_EXISTS', 'Jabatan dengan kode ini sudah ada.'],
  ['POSITION_OCCUPIED', 'Jabatan ini sudah terisi pejabat definitif pada tanggal tersebut. Untuk pengisian sementara, tunjuk seorang Plt.'],
  ['SUPERVISOR_POSITION_SHARED', 'Jabatan atasan harus memiliki tepat satu formasi. Pilih jabatan atasan yang lain, atau ubah formasinya.'],
  ['UNKNOWN_ASSIGNMENT', 'Penugasan tidak ditemukan.'],
  ['UNKNOWN_ORG_UNIT', 'Unit organisasi tidak ditemukan pada tanggal tersebut.'],
  ['UNKNOWN_POSITION', 'Jabatan tidak ditemukan pada tanggal tersebut.'],

  // TPP: a payroll run (calculation, the signed steps SPP-LS, SPM, SP2D, its slips and exports).
  ['AMBIGUOUS_CEILING', 'Isi pagu TPP atau kelas jabatan saja, jangan keduanya.'],
  ['AMBIGUOUS_POLICY', 'Ada dua versi kebijakan TPP yang mulai berlaku pada tanggal yang sama. Mintalah admin kebijakan memperbaikinya.'],
  ['BUDGET_EXCEEDED', 'Total TPP dalam penghitungan ini melebihi anggaran TPP OPD untuk bulan tersebut. Periksa anggaran atau penghitungannya sebelum mengajukan.'],
  ['BUDGET_NOT_SET', 'Anggaran TPP OPD untuk bulan ini belum ditetapkan. Tetapkan anggarannya terlebih dahulu.'],
  ['CALCULATION_INPUTS_CHANGED', 'Data masukan berubah selama TPP dihitung. Hitung ulang TPP bulan ini.'],
  ['CALCULATION_SUPERSEDED', 'Penghitungan ini sudah digantikan oleh penghitungan yang lebih baru. Muat ulang untuk melihat hasil terbaru.'],
  ['DIGEST_MISMATCH', 'Daftar TPP telah berubah sejak Anda memeriksanya. Periksa kembali daftar terbaru, lalu tandatangani lagi.'],
  ['DIGEST_REQUIRED', 'Tanda tangan harus menyertakan ringkasan daftar TPP yang Anda periksa. Muat ulang daftar TPP, lalu tandatangani lagi.'],
  ['INPUTS_CHANGED', 'Data masukan sebagian slip TPP berubah setelah dihitung. Hitung ulang slip tersebut (atau kembalikan dan hitung ulang TPP), lalu lanjutkan.'],
  ['INVALID_INPUT', 'Data masukan TPP tidak valid. Periksa data kehadiran dan data pegawai yang dikirim.'],
  ['MONTH_ALREADY_DISBURSED', 'TPP bulan ini sudah dicairkan (SP2D). Koreksi dicatat sebagai penyesuaian pada bulan berikutnya.'],
  ['NO_POLICY_IN_FORCE', 'Belum ada versi kebijakan TPP yang berlaku untuk bulan ini. Mintalah admin kebijakan menerbitkannya.'],
  ['READ_MODEL_BEHIND', 'Data TPP sedang diperbarui. Coba lagi sebentar lagi.'],
  ['RUN_ALREADY_OPEN', 'Penghitungan TPP untuk bulan ini sudah dibuka. Lanjutkan penghitungan yang ada.'],
  ['RUN_NOT_APPROVED', 'Berkas ekspor hanya dapat dibuat dari daftar TPP yang sudah disetujui kepala OPD.'],
  ['RUN_NOT_FOUND', 'Belum ada penghitungan TPP untuk OPD dan bulan ini.'],
  ['SEGREGATION_OF_DUTIES', 'Anda sudah menandatangani tahap lain dari daftar TPP ini. Setiap tahap harus dilakukan oleh orang yang berbeda.'],
  ['SLIP_CHANGED', 'Slip TPP berubah saat sedang dihitung ulang. Coba lagi.'],
  ['SLIP_NOT_FOUND', 'Slip TPP pegawai ini tidak ditemukan dalam penghitungan tersebut.'],
  ['SP2D_DATE_REQUIRED', 'Tanggal SP2D wajib diisi untuk mencatat pencairan.'],
  ['SP2D_REQUIRED', 'Nomor SP2D wajib diisi untuk mencatat pencairan.'],
  ['STEP_OUT_OF_ORDER', 'Tahap ini belum dapat dilakukan pada status daftar TPP saat ini; tidak ada tahap yang boleh dilewati. Muat ulang untuk melihat status terbaru.'],
  ['STEP_ROLE_REQUIRED', 'Tahap ini dilakukan oleh peran lain: SPP-LS oleh bendahara, SPM oleh PPK-SKPD, persetujuan oleh kepala OPD, SP2D oleh BPKAD.'],
  ['UNKNOWN_FIELD', 'Data masukan TPP memuat kolom yang tidak dikenal. Hapus kolom tersebut.'],
  ['UNKNOWN_POLICY_VERSION', 'Versi kebijakan TPP tidak ditemukan.'],
  ['UNKNOWN_POSITION_GRADE', 'Kelas jabatan ini tidak memiliki pagu TPP dalam kebijakan yang berlaku. Periksa kelas jabatannya.'],
  ['UNKNOWN_PTKP_STATUS', 'Status PTKP tidak dikenal. Gunakan status yang berlaku, misalnya TK/0 atau K/1.'],
  ['UNKNOWN_STEP', 'Tahap persetujuan TPP tidak dikenali. Muat ulang halaman, lalu pilih tahap dari daftar.'],
  ['UNKNOWN_TAX_CATEGORY', 'Kategori TER tidak dikenal. Pilih kategori yang tercantum dalam kebijakan yang berlaku.'],

  // TPP: what a run reads (attendance and predikat imports, amendments, sanctions, budgets).
  ['CSV_REQUIRED', 'Kirim berkas dalam format CSV.'],
  ['EMPTY_FILE', 'Berkas kosong atau tidak memiliki baris judul kolom. Periksa berkasnya.'],
  ['IMPORT_HAS_ERRORS', 'Ada baris yang salah dalam berkas, sehingga tidak ada data yang diimpor. Perbaiki baris yang tercantum, lalu impor lagi.'],
  ['INVALID_HEADER', 'Judul kolom berkas tidak sesuai templat. Kolom pertama harus NIP; gunakan templat yang disediakan.'],
  ['INVALID_MONTHS', 'Lama hukuman disiplin tidak valid. Hukuman disiplin sedang berlaku 6, 9, atau 12 bulan.'],
  ['INVALID_OBJECTION_ID', 'Nomor keberatan tidak valid. Pilih keberatan dari daftar.'],
  ['SANCTION_EXISTS', 'Hukuman disiplin ini sudah tercatat.'],
  ['TOO_MANY_ROWS', 'Berkas memuat terlalu banyak baris. Bagi menjadi beberapa berkas.'],
  ['UNKNOWN_ATTENDANCE_CODE', 'Kode kehadiran tidak dikenal. Gunakan kode TL, PSW, dan TK seperti pada templat.'],
  ['UNKNOWN_SANCTION', 'Jenis hukuman disiplin tidak dikenal. Pilih ringan, sedang, atau berat.'],

  // TPP: policy documents (the Perkada's tables, versioned).
  ['DUPLICATE_POLICY_VERSION', 'Dua dokumen kebijakan memakai nomor versi yang sama. Beri setiap dokumen nomor versinya sendiri.'],
  ['INVALID_POLICY_DOCUMENT', 'Dokumen kebijakan TPP tidak valid. Perbaiki bagian yang disebutkan, lalu terbitkan lagi.'],
  ['POLICY_VERSION_EXISTS', 'Versi kebijakan ini sudah ada dan tidak dapat diubah. Terbitkan sebagai versi baru.'],

  // Slip TPP: an employee's pay ledger and its explanation.
  ['NO_PAY_LINES', 'Belum ada slip TPP untuk bulan ini.'],

  // Audit: event history and background jobs.
  ['JOB_NOT_FOUND', 'Proses yang dicari tidak ditemukan. Muat ulang daftar proses.'],
  ['STREAM_NOT_FOUND', 'Riwayat data yang dicari tidak ditemukan. Periksa kodenya.'],
]);

/** The Indonesian message of a code; an unknown code still says something, with the code to quote. */
export function messageOf(code: string): string {
  return (
    ERROR_MESSAGES.get(code) ?? `Permintaan tidak dapat diproses (kode ${code}). Coba lagi; bila berulang, sampaikan kode ini kepada admin.`
  );
}
