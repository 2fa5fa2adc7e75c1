<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="id_ID">
<context>
    <name>AdminPage</name>
    <message>
        <source>Team and audit</source>
        <translation>Tim dan audit</translation>
    </message>
    <message>
        <source>Team</source>
        <translation>Tim</translation>
    </message>
    <message>
        <source>Audit log</source>
        <translation>Log audit</translation>
    </message>
</context>
<context>
    <name>AuditView</name>
    <message numerus="yes">
        <source>Chain intact: %n entries check out.</source>
        <translation>
            <numerusform>Rantai utuh: %n entri terverifikasi.</numerusform>
        </translation>
    </message>
    <message>
        <source>Broken at entry %1: %2</source>
        <translation>Rusak pada entri %1: %2</translation>
    </message>
    <message>
        <source>Everyone</source>
        <translation>Semua orang</translation>
    </message>
    <message>
        <source>fields: %1</source>
        <translation>kolom: %1</translation>
    </message>
    <message>
        <source>role: %1</source>
        <translation>peran: %1</translation>
    </message>
    <message>
        <source>reason: %1</source>
        <translation>alasan: %1</translation>
    </message>
    <message>
        <source>disabled</source>
        <translation>dinonaktifkan</translation>
    </message>
    <message>
        <source>enabled</source>
        <translation>diaktifkan</translation>
    </message>
    <message>
        <source>unlocked</source>
        <translation>dibuka kuncinya</translation>
    </message>
    <message>
        <source>changed: %1</source>
        <translation>diubah: %1</translation>
    </message>
    <message>
        <source>from %1</source>
        <translation>dari %1</translation>
    </message>
    <message>
        <source>Action (login, contact.reveal…)</source>
        <translation>Tindakan (login, contact.reveal…)</translation>
    </message>
    <message>
        <source>Filter</source>
        <translation>Saring</translation>
    </message>
    <message>
        <source>Verify chain</source>
        <translation>Verifikasi rantai</translation>
    </message>
    <message>
        <source>system</source>
        <translation>sistem</translation>
    </message>
    <message>
        <source>Older entries</source>
        <translation>Entri lebih lama</translation>
    </message>
    <message>
        <source>No audit entries match</source>
        <translation>Tidak ada entri audit yang cocok</translation>
    </message>
    <message>
        <source>Sign-ins, revealed customer details and team or settings changes appear here.</source>
        <translation>Login, data pelanggan yang ditampilkan, serta perubahan tim atau pengaturan muncul di sini.</translation>
    </message>
</context>
<context>
    <name>AutomationsPage</name>
    <message>
        <source>Automations</source>
        <translation>Otomatisasi</translation>
    </message>
    <message>
        <source>is</source>
        <translation>sama dengan</translation>
    </message>
    <message>
        <source>is not</source>
        <translation>tidak sama dengan</translation>
    </message>
    <message>
        <source>after / more than</source>
        <translation>setelah / lebih dari</translation>
    </message>
    <message>
        <source>on or after / at least</source>
        <translation>pada atau setelah / paling sedikit</translation>
    </message>
    <message>
        <source>before / less than</source>
        <translation>sebelum / kurang dari</translation>
    </message>
    <message>
        <source>on or before / at most</source>
        <translation>pada atau sebelum / paling banyak</translation>
    </message>
    <message>
        <source>is one of</source>
        <translation>salah satu dari</translation>
    </message>
    <message>
        <source>contains</source>
        <translation>berisi</translation>
    </message>
    <message>
        <source>is set</source>
        <translation>terisi</translation>
    </message>
    <message>
        <source>days until it</source>
        <translation>hari menuju tanggalnya</translation>
    </message>
    <message>
        <source>days since it</source>
        <translation>hari sejak tanggalnya</translation>
    </message>
    <message>
        <source>Saved.</source>
        <translation>Tersimpan.</translation>
    </message>
    <message>
        <source>Not run yet</source>
        <translation>Belum pernah berjalan</translation>
    </message>
    <message>
        <source>Missed %1 (the instance was off)</source>
        <translation>Terlewat %1 (aplikasi sedang mati)</translation>
    </message>
    <message>
        <source>%1: %2 matched · %3 sent · %4 failed · %5 waiting</source>
        <translation>%1: %2 cocok · %3 terkirim · %4 gagal · %5 menunggu</translation>
    </message>
    <message>
        <source>New rule</source>
        <translation>Aturan baru</translation>
    </message>
    <message>
        <source>New broadcast</source>
        <translation>Siaran baru</translation>
    </message>
    <message>
        <source>Rules</source>
        <translation>Aturan</translation>
    </message>
    <message>
        <source>Jobs</source>
        <translation>Tugas</translation>
    </message>
    <message>
        <source>Broadcasts</source>
        <translation>Siaran</translation>
    </message>
    <message>
        <source>Rule %1</source>
        <translation>Aturan %1</translation>
    </message>
    <message>
        <source>Enable %1</source>
        <translation>Aktifkan %1</translation>
    </message>
    <message>
        <source>%1 cannot be enabled: %2</source>
        <translation>%1 tidak dapat diaktifkan: %2</translation>
    </message>
    <message>
        <source> (built in)</source>
        <translation> (bawaan)</translation>
    </message>
    <message>
        <source>next %1</source>
        <translation>berikutnya %1</translation>
    </message>
    <message>
        <source>No rules yet</source>
        <translation>Belum ada aturan</translation>
    </message>
    <message>
        <source>Rules send reminders on a schedule or act when customers write.</source>
        <translation>Aturan mengirim pengingat sesuai jadwal atau bertindak saat pelanggan menulis.</translation>
    </message>
    <message>
        <source>Failed for good</source>
        <translation>Gagal permanen</translation>
    </message>
    <message>
        <source>Waiting</source>
        <translation>Menunggu</translation>
    </message>
    <message>
        <source>All jobs</source>
        <translation>Semua tugas</translation>
    </message>
    <message>
        <source>Which jobs</source>
        <translation>Tugas mana</translation>
    </message>
    <message>
        <source>Job %1</source>
        <translation>Tugas %1</translation>
    </message>
    <message>
        <source>%1 · attempt %2 of %3 · %4</source>
        <translation>%1 · percobaan %2 dari %3 · %4</translation>
    </message>
    <message>
        <source>Retry</source>
        <translation>Coba lagi</translation>
    </message>
    <message>
        <source>Discard</source>
        <translation>Buang</translation>
    </message>
    <message>
        <source>No failed jobs</source>
        <translation>Tidak ada tugas yang gagal</translation>
    </message>
    <message>
        <source>No jobs</source>
        <translation>Tidak ada tugas</translation>
    </message>
    <message>
        <source>A job that fails three times, or cannot succeed, stays here with its reason until it is retried or discarded.</source>
        <translation>Tugas yang gagal tiga kali, atau tidak mungkin berhasil, tetap di sini beserta alasannya sampai dicoba lagi atau dibuang.</translation>
    </message>
    <message>
        <source>%1 · %2 of %3 sent · %4 failed · %5 cancelled</source>
        <translation>%1 · %2 dari %3 terkirim · %4 gagal · %5 dibatalkan</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Batal</translation>
    </message>
    <message>
        <source>No broadcasts</source>
        <translation>Tidak ada siaran</translation>
    </message>
    <message>
        <source>A broadcast sends one message to every customer a set of conditions selects, at a steady pace.</source>
        <translation>Siaran mengirim satu pesan ke setiap pelanggan yang dipilih oleh sekumpulan syarat, dengan laju yang stabil.</translation>
    </message>
    <message>
        <source>Edit rule</source>
        <translation>Ubah aturan</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Tutup</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Nama</translation>
    </message>
    <message>
        <source>e.g. Payment due reminder</source>
        <translation>mis. Pengingat jatuh tempo pembayaran</translation>
    </message>
    <message>
        <source>Rule name</source>
        <translation>Nama aturan</translation>
    </message>
    <message>
        <source>When</source>
        <translation>Kapan</translation>
    </message>
    <message>
        <source>On a schedule</source>
        <translation>Sesuai jadwal</translation>
    </message>
    <message>
        <source>A customer writes</source>
        <translation>Pelanggan menulis</translation>
    </message>
    <message>
        <source>A conversation starts</source>
        <translation>Percakapan dimulai</translation>
    </message>
    <message>
        <source>A conversation&apos;s status changes</source>
        <translation>Status percakapan berubah</translation>
    </message>
    <message>
        <source>A customer is verified</source>
        <translation>Pelanggan terverifikasi</translation>
    </message>
    <message>
        <source>A customer waits for a reply</source>
        <translation>Pelanggan menunggu balasan</translation>
    </message>
    <message>
        <source>Trigger</source>
        <translation>Pemicu</translation>
    </message>
    <message>
        <source>Cron</source>
        <translation>Cron</translation>
    </message>
    <message>
        <source>minute hour day month weekday, e.g. 0 9 * * *</source>
        <translation>menit jam tanggal bulan hari, mis. 0 9 * * *</translation>
    </message>
    <message>
        <source>Cron expression</source>
        <translation>Ekspresi cron</translation>
    </message>
    <message>
        <source>Time zone</source>
        <translation>Zona waktu</translation>
    </message>
    <message>
        <source>Spread over</source>
        <translation>Sebar selama</translation>
    </message>
    <message>
        <source>Jitter in minutes</source>
        <translation>Sebaran dalam menit</translation>
    </message>
    <message>
        <source>minutes</source>
        <translation>menit</translation>
    </message>
    <message>
        <source>At most</source>
        <translation>Paling banyak</translation>
    </message>
    <message>
        <source>Sends per minute</source>
        <translation>Kiriman per menit</translation>
    </message>
    <message>
        <source>sends per minute (0: no limit)</source>
        <translation>kiriman per menit (0: tanpa batas)</translation>
    </message>
    <message>
        <source>After</source>
        <translation>Setelah</translation>
    </message>
    <message>
        <source>Minutes without a reply</source>
        <translation>Menit tanpa balasan</translation>
    </message>
    <message>
        <source>minutes without a reply</source>
        <translation>menit tanpa balasan</translation>
    </message>
    <message>
        <source>Next runs: %1</source>
        <translation>Berjalan berikutnya: %1</translation>
    </message>
    <message>
        <source>Who</source>
        <translation>Siapa</translation>
    </message>
    <message>
        <source>any condition</source>
        <translation>salah satu syarat</translation>
    </message>
    <message>
        <source>all conditions</source>
        <translation>semua syarat</translation>
    </message>
    <message>
        <source>Field</source>
        <translation>Kolom</translation>
    </message>
    <message>
        <source>Comparison</source>
        <translation>Perbandingan</translation>
    </message>
    <message>
        <source>Days comparison</source>
        <translation>Perbandingan hari</translation>
    </message>
    <message>
        <source>value</source>
        <translation>nilai</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>Nilai</translation>
    </message>
    <message>
        <source>Remove condition</source>
        <translation>Hapus syarat</translation>
    </message>
    <message>
        <source>Add condition</source>
        <translation>Tambah syarat</translation>
    </message>
    <message>
        <source>Then</source>
        <translation>Lalu</translation>
    </message>
    <message>
        <source>Send a message</source>
        <translation>Kirim pesan</translation>
    </message>
    <message>
        <source>Send a WhatsApp template</source>
        <translation>Kirim template WhatsApp</translation>
    </message>
    <message>
        <source>Tag the conversation</source>
        <translation>Beri tag percakapan</translation>
    </message>
    <message>
        <source>Set the status</source>
        <translation>Atur status</translation>
    </message>
    <message>
        <source>Assign to an operator</source>
        <translation>Tugaskan ke operator</translation>
    </message>
    <message>
        <source>Hand off to a person</source>
        <translation>Alihkan ke petugas</translation>
    </message>
    <message>
        <source>Add a private note</source>
        <translation>Tambah catatan pribadi</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>Tindakan</translation>
    </message>
    <message>
        <source>Remove action</source>
        <translation>Hapus tindakan</translation>
    </message>
    <message>
        <source>Note for operators</source>
        <translation>Catatan untuk operator</translation>
    </message>
    <message>
        <source>English: Hello {{contact.name}}, your premium of {{attr.monthly_premium_idr | money}} is due on {{attr.payment_due_date | date}}.</source>
        <translation>Inggris: Hello {{contact.name}}, your premium of {{attr.monthly_premium_idr | money}} is due on {{attr.payment_due_date | date}}.</translation>
    </message>
    <message>
        <source>Message in English</source>
        <translation>Pesan dalam bahasa Inggris</translation>
    </message>
    <message>
        <source>Indonesian (for customers whose language is id)</source>
        <translation>Indonesia (untuk pelanggan berbahasa id)</translation>
    </message>
    <message>
        <source>Message in Indonesian</source>
        <translation>Pesan dalam bahasa Indonesia</translation>
    </message>
    <message>
        <source>WhatsApp template</source>
        <translation>Template WhatsApp</translation>
    </message>
    <message>
        <source>WhatsApp template name</source>
        <translation>Nama template WhatsApp</translation>
    </message>
    <message>
        <source>parameters: {{contact.name}} | {{attr.payment_due_date | date}}</source>
        <translation>parameter: {{contact.name}} | {{attr.payment_due_date | date}}</translation>
    </message>
    <message>
        <source>Template parameters</source>
        <translation>Parameter template</translation>
    </message>
    <message>
        <source>tag</source>
        <translation>tag</translation>
    </message>
    <message>
        <source>operator id</source>
        <translation>id operator</translation>
    </message>
    <message>
        <source>Action value</source>
        <translation>Nilai tindakan</translation>
    </message>
    <message>
        <source>Add action</source>
        <translation>Tambah tindakan</translation>
    </message>
    <message>
        <source>Once per customer and</source>
        <translation>Sekali per pelanggan dan</translation>
    </message>
    <message>
        <source>Send once per value of</source>
        <translation>Kirim sekali per nilai</translation>
    </message>
    <message>
        <source>Preview</source>
        <translation>Pratinjau</translation>
    </message>
    <message numerus="yes">
        <source>Now it would reach %n customer(s)</source>
        <translation>
            <numerusform>Saat ini akan menjangkau %n pelanggan</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source> (%n without a chat)</source>
        <translation>
            <numerusform> (%n tanpa percakapan)</numerusform>
        </translation>
    </message>
    <message>
        <source>Checking…</source>
        <translation>Memeriksa…</translation>
    </message>
    <message>
        <source>Send broadcast</source>
        <translation>Kirim siaran</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>Simpan</translation>
    </message>
    <message>
        <source>Run now</source>
        <translation>Jalankan sekarang</translation>
    </message>
    <message>
        <source>Running…</source>
        <translation>Berjalan…</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>Hapus</translation>
    </message>
    <message>
        <source>Run history</source>
        <translation>Riwayat jalan</translation>
    </message>
    <message>
        <source>Attributes</source>
        <translation>Atribut</translation>
    </message>
    <message>
        <source>Attribute %1</source>
        <translation>Atribut %1</translation>
    </message>
    <message>
        <source>personal: sealed, masked</source>
        <translation>pribadi: disegel, disamarkan</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>Hapus</translation>
    </message>
    <message>
        <source>No attributes yet</source>
        <translation>Belum ada atribut</translation>
    </message>
    <message>
        <source>Attributes such as a payment due date or a monthly premium hold what rules compare and messages mention. A CSV import offers its extra columns as attributes too.</source>
        <translation>Atribut seperti tanggal jatuh tempo atau premi bulanan menyimpan apa yang dibandingkan aturan dan disebut pesan. Impor CSV juga menawarkan kolom tambahannya sebagai atribut.</translation>
    </message>
    <message>
        <source>Attribute key</source>
        <translation>Kunci atribut</translation>
    </message>
    <message>
        <source>Label, e.g. Payment due date</source>
        <translation>Label, mis. Tanggal jatuh tempo</translation>
    </message>
    <message>
        <source>Attribute label</source>
        <translation>Label atribut</translation>
    </message>
    <message>
        <source>Attribute type</source>
        <translation>Jenis atribut</translation>
    </message>
    <message>
        <source>Gold, Silver</source>
        <translation>Emas, Perak</translation>
    </message>
    <message>
        <source>Currency</source>
        <translation>Mata uang</translation>
    </message>
    <message>
        <source>Choices</source>
        <translation>Pilihan</translation>
    </message>
    <message>
        <source>Personal</source>
        <translation>Pribadi</translation>
    </message>
    <message>
        <source>Add</source>
        <translation>Tambah</translation>
    </message>
    <message>
        <source>Create a follow-up task</source>
        <translation>Buat tugas tindak lanjut</translation>
    </message>
    <message>
        <source>Task: Call {{contact.name}} about the payment</source>
        <translation>Tugas: Telepon {{contact.name}} soal pembayaran</translation>
    </message>
    <message>
        <source>due in hours (empty: no due time)</source>
        <translation>tenggat dalam jam (kosong: tanpa tenggat)</translation>
    </message>
</context>
<context>
    <name>ChangePasswordDialog</name>
    <message>
        <source>Change password</source>
        <translation>Ubah kata sandi</translation>
    </message>
    <message>
        <source>The two new passwords differ.</source>
        <translation>Kedua kata sandi baru tidak sama.</translation>
    </message>
    <message>
        <source>Current password</source>
        <translation>Kata sandi saat ini</translation>
    </message>
    <message>
        <source>New password</source>
        <translation>Kata sandi baru</translation>
    </message>
    <message>
        <source>Repeat the new password</source>
        <translation>Ulangi kata sandi baru</translation>
    </message>
    <message>
        <source>You will be signed out everywhere and sign in again with the new password.</source>
        <translation>Anda akan keluar dari semua perangkat dan masuk kembali dengan kata sandi baru.</translation>
    </message>
</context>
<context>
    <name>ChannelSetup</name>
    <message>
        <source>Public URL</source>
        <translation>URL publik</translation>
    </message>
    <message>
        <source>https://your-tunnel.example.com (where the platforms reach this listener)</source>
        <translation>https://tunnel-anda.example.com (alamat tempat platform menjangkau listener ini)</translation>
    </message>
    <message>
        <source>Telegram</source>
        <translation>Telegram</translation>
    </message>
    <message>
        <source>Bot token (from @BotFather)</source>
        <translation>Token bot (dari @BotFather)</translation>
    </message>
    <message>
        <source>Receive updates by</source>
        <translation>Terima pembaruan melalui</translation>
    </message>
    <message>
        <source>Webhook</source>
        <translation>Webhook</translation>
    </message>
    <message>
        <source>Webhook mode: set the webhook below.</source>
        <translation>Mode webhook: pasang webhook di bawah.</translation>
    </message>
    <message>
        <source>Long polling (no public URL needed)</source>
        <translation>Long polling (tanpa URL publik)</translation>
    </message>
    <message>
        <source>Long polling started.</source>
        <translation>Long polling dimulai.</translation>
    </message>
    <message>
        <source>Set webhook</source>
        <translation>Pasang webhook</translation>
    </message>
    <message>
        <source>Telegram will deliver to %1/webhooks/telegram (with a secret header).</source>
        <translation>Telegram akan mengirim ke %1/webhooks/telegram (dengan header rahasia).</translation>
    </message>
    <message>
        <source>Check the bot</source>
        <translation>Periksa bot</translation>
    </message>
    <message>
        <source>Connected as @%1</source>
        <translation>Terhubung sebagai @%1</translation>
    </message>
    <message>
        <source>Webhook status</source>
        <translation>Status webhook</translation>
    </message>
    <message>
        <source>Delivering to %1; %2 update(s) waiting.</source>
        <translation>Mengirim ke %1; %2 pembaruan menunggu.</translation>
    </message>
    <message>
        <source>No webhook set.</source>
        <translation>Belum ada webhook.</translation>
    </message>
    <message>
        <source>Last error: %1</source>
        <translation>Galat terakhir: %1</translation>
    </message>
    <message>
        <source>WhatsApp Cloud API</source>
        <translation>WhatsApp Cloud API</translation>
    </message>
    <message>
        <source>Phone number id</source>
        <translation>ID nomor telepon</translation>
    </message>
    <message>
        <source>Access token</source>
        <translation>Token akses</translation>
    </message>
    <message>
        <source>App secret</source>
        <translation>Rahasia aplikasi</translation>
    </message>
    <message>
        <source>Verify token</source>
        <translation>Token verifikasi</translation>
    </message>
    <message>
        <source>Callback URL for Meta</source>
        <translation>URL callback untuk Meta</translation>
    </message>
    <message>
        <source>enter the public URL above</source>
        <translation>isi URL publik di atas</translation>
    </message>
    <message>
        <source>Check from outside</source>
        <translation>Periksa dari luar</translation>
    </message>
    <message>
        <source>Calling this listener through %1…</source>
        <translation>Menghubungi listener ini melalui %1…</translation>
    </message>
    <message>
        <source> (%1 ms)</source>
        <translation> (%1 md)</translation>
    </message>
    <message>
        <source>Telegram: %1</source>
        <translation>Telegram: %1</translation>
    </message>
    <message>
        <source>Telegram delivers to %1, not to %2.</source>
        <translation>Telegram mengirim ke %1, bukan ke %2.</translation>
    </message>
    <message>
        <source>Telegram delivers here; %1 update(s) waiting.</source>
        <translation>Telegram mengirim ke sini; %1 pembaruan menunggu.</translation>
    </message>
    <message>
        <source>Telegram&apos;s last delivery error (%1): %2</source>
        <translation>Galat pengiriman Telegram terakhir (%1): %2</translation>
    </message>
    <message>
        <source>WhatsApp: set the verify token to check Meta&apos;s handshake.</source>
        <translation>WhatsApp: isi verify token untuk memeriksa jabat tangan Meta.</translation>
    </message>
    <message>
        <source>WhatsApp: the verify handshake succeeds at %1.</source>
        <translation>WhatsApp: jabat tangan verifikasi berhasil di %1.</translation>
    </message>
    <message>
        <source>WhatsApp: the verify handshake fails at %1.</source>
        <translation>WhatsApp: jabat tangan verifikasi gagal di %1.</translation>
    </message>
    <message>
        <source>Telegram: no webhook registered; register %1 with “Set webhook”.</source>
        <translation>Telegram: belum ada webhook terdaftar; daftarkan %1 dengan “Set webhook”.</translation>
    </message>
</context>
<context>
    <name>Composer</name>
    <message>
        <source>Write to the customer… (Ctrl+Enter to send)</source>
        <translation>Tulis kepada pelanggan… (Ctrl+Enter untuk mengirim)</translation>
    </message>
    <message>
        <source>Message</source>
        <translation>Pesan</translation>
    </message>
    <message>
        <source>Send</source>
        <translation>Kirim</translation>
    </message>
    <message>
        <source>The customer last wrote more than 24 hours ago: WhatsApp only accepts an approved template until they write again.</source>
        <translation>Pelanggan terakhir menulis lebih dari 24 jam lalu: WhatsApp hanya menerima template yang disetujui sampai pelanggan menulis lagi.</translation>
    </message>
    <message>
        <source>Values for {{1}}, {{2}}… separated by |</source>
        <translation>Nilai untuk {{1}}, {{2}}… dipisahkan dengan |</translation>
    </message>
    <message>
        <source>Send template</source>
        <translation>Kirim template</translation>
    </message>
    <message>
        <source>No approved templates yet. An administrator adds them (as approved in Meta&apos;s WhatsApp Manager) under Settings.</source>
        <translation>Belum ada template yang disetujui. Administrator menambahkannya (sesuai persetujuan di WhatsApp Manager Meta) di Pengaturan.</translation>
    </message>
    <message>
        <source>Open Settings</source>
        <translation>Buka Pengaturan</translation>
    </message>
    <message>
        <source>Suggest</source>
        <translation>Sarankan</translation>
    </message>
    <message>
        <source>Draft a reply from the documents</source>
        <translation>Buat draf balasan dari dokumen</translation>
    </message>
    <message>
        <source>Attached: %1 (%2)</source>
        <translation>Terlampir: %1 (%2)</translation>
    </message>
    <message>
        <source>Remove the attached file</source>
        <translation>Hapus berkas terlampir</translation>
    </message>
    <message>
        <source>Attach a file</source>
        <translation>Lampirkan berkas</translation>
    </message>
    <message>
        <source>Attach</source>
        <translation>Lampirkan</translation>
    </message>
    <message>
        <source>Attach a file (or drop one here, or paste a picture)</source>
        <translation>Lampirkan berkas (atau jatuhkan di sini, atau tempel gambar)</translation>
    </message>
</context>
<context>
    <name>ContactEditDialog</name>
    <message>
        <source>Phone</source>
        <translation>Telepon</translation>
    </message>
    <message>
        <source>+62 812 3456 7890</source>
        <translation>+62 812 3456 7890</translation>
    </message>
    <message>
        <source>E-mail</source>
        <translation>Email</translation>
    </message>
    <message>
        <source>name@example.com</source>
        <translation>nama@contoh.com</translation>
    </message>
    <message>
        <source>Policy number</source>
        <translation>Nomor polis</translation>
    </message>
    <message>
        <source>POL-2024-0017</source>
        <translation>POL-2024-0017</translation>
    </message>
    <message>
        <source>Date of birth</source>
        <translation>Tanggal lahir</translation>
    </message>
    <message>
        <source>YYYY-MM-DD</source>
        <translation>TTTT-BB-HH</translation>
    </message>
    <message>
        <source>Edit %1</source>
        <translation>Ubah %1</translation>
    </message>
    <message>
        <source>New customer</source>
        <translation>Pelanggan baru</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Batal</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>Simpan</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Nama</translation>
    </message>
    <message>
        <source>Full name</source>
        <translation>Nama lengkap</translation>
    </message>
    <message>
        <source>Will be removed</source>
        <translation>Akan dihapus</translation>
    </message>
    <message>
        <source>%1 — type to replace</source>
        <translation>%1 — ketik untuk mengganti</translation>
    </message>
    <message>
        <source>Keep</source>
        <translation>Pertahankan</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>Hapus</translation>
    </message>
    <message>
        <source>Remove %1</source>
        <translation>Hapus %1</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>Bahasa</translation>
    </message>
    <message>
        <source>Not known</source>
        <translation>Tidak diketahui</translation>
    </message>
    <message>
        <source>English</source>
        <translation>Inggris</translation>
    </message>
    <message>
        <source>Indonesian</source>
        <translation>Indonesia</translation>
    </message>
    <message>
        <source>•••• — type to replace</source>
        <translation>•••• — ketik untuk mengganti</translation>
    </message>
</context>
<context>
    <name>ConversationDelegate</name>
    <message>
        <source>Photo</source>
        <translation>Foto</translation>
    </message>
    <message>
        <source>Document</source>
        <translation>Dokumen</translation>
    </message>
    <message>
        <source>Attachment</source>
        <translation>Lampiran</translation>
    </message>
    <message>
        <source>Unknown customer</source>
        <translation>Pelanggan tidak dikenal</translation>
    </message>
    <message>
        <source>Waiting now</source>
        <translation>Baru menunggu</translation>
    </message>
    <message numerus="yes">
        <source>Waiting %n min</source>
        <translation>
            <numerusform>%n mnt</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Waiting %n h</source>
        <translation>
            <numerusform>%n jam</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Waiting %n day(s)</source>
        <translation>
            <numerusform>%n hari</numerusform>
        </translation>
    </message>
    <message>
        <source>%1, %2, %3, %4 unread</source>
        <translation>%1, %2, %3, %4 belum dibaca</translation>
    </message>
    <message>
        <source>Bot</source>
        <translation>Bot</translation>
    </message>
    <message>
        <source>Unassigned</source>
        <translation>Belum ditugaskan</translation>
    </message>
</context>
<context>
    <name>ConversationSidePane</name>
    <message>
        <source>Customer</source>
        <translation>Pelanggan</translation>
    </message>
    <message>
        <source>Details…</source>
        <translation>Detail…</translation>
    </message>
    <message>
        <source>Not linked to a customer record yet.</source>
        <translation>Belum ditautkan ke data pelanggan.</translation>
    </message>
    <message>
        <source>Not verified</source>
        <translation>Belum terverifikasi</translation>
    </message>
    <message>
        <source>Private notes</source>
        <translation>Catatan internal</translation>
    </message>
    <message>
        <source>Notes stay with the team; the customer never sees them.</source>
        <translation>Catatan hanya untuk tim; pelanggan tidak pernah melihatnya.</translation>
    </message>
    <message>
        <source>someone</source>
        <translation>seseorang</translation>
    </message>
    <message>
        <source>Add a note for the team</source>
        <translation>Tambahkan catatan untuk tim</translation>
    </message>
    <message>
        <source>Add note</source>
        <translation>Tambah catatan</translation>
    </message>
    <message>
        <source>Reachable on</source>
        <translation>Dapat dihubungi di</translation>
    </message>
    <message>
        <source>blocked us</source>
        <translation>memblokir kami</translation>
    </message>
    <message>
        <source>Other conversations</source>
        <translation>Percakapan lainnya</translation>
    </message>
    <message>
        <source>Open the conversation of %1</source>
        <translation>Buka percakapan dari %1</translation>
    </message>
    <message>
        <source>Customer tags</source>
        <translation>Tag pelanggan</translation>
    </message>
    <message>
        <source>Conversation tags</source>
        <translation>Tag percakapan</translation>
    </message>
    <message>
        <source>Verified by an operator until %1</source>
        <translation>Diverifikasi oleh petugas sampai %1</translation>
    </message>
    <message>
        <source>Verified (policy number, date of birth and phone) until %1</source>
        <translation>Terverifikasi (nomor polis, tanggal lahir, dan telepon) sampai %1</translation>
    </message>
    <message>
        <source>Verified (policy number and date of birth) until %1</source>
        <translation>Terverifikasi (nomor polis dan tanggal lahir) sampai %1</translation>
    </message>
    <message>
        <source>Not verified · locked after too many failed attempts until %1</source>
        <translation>Belum terverifikasi · dikunci karena terlalu banyak percobaan gagal sampai %1</translation>
    </message>
    <message numerus="yes">
        <source>Not verified · %n failed attempt(s)</source>
        <translation>
            <numerusform>Belum terverifikasi · %n percobaan gagal</numerusform>
        </translation>
    </message>
    <message>
        <source>Verify as this customer</source>
        <translation>Verifikasi sebagai pelanggan ini</translation>
    </message>
    <message>
        <source>Revoke verification</source>
        <translation>Cabut verifikasi</translation>
    </message>
    <message>
        <source>Follow-up tasks</source>
        <translation>Tugas tindak lanjut</translation>
    </message>
    <message>
        <source>Nothing to follow up.</source>
        <translation>Tidak ada yang perlu ditindaklanjuti.</translation>
    </message>
    <message>
        <source>Done: %1</source>
        <translation>Selesai: %1</translation>
    </message>
    <message>
        <source>done %1 by %2</source>
        <translation>selesai %1 oleh %2</translation>
    </message>
    <message>
        <source>overdue since %1</source>
        <translation>lewat tenggat sejak %1</translation>
    </message>
    <message>
        <source>due %1</source>
        <translation>tenggat %1</translation>
    </message>
    <message>
        <source>for %1</source>
        <translation>untuk %1</translation>
    </message>
    <message>
        <source>anyone</source>
        <translation>siapa saja</translation>
    </message>
    <message>
        <source>from %1</source>
        <translation>dari %1</translation>
    </message>
    <message>
        <source>Add a follow-up task</source>
        <translation>Tambahkan tugas tindak lanjut</translation>
    </message>
    <message>
        <source>New task</source>
        <translation>Tugas baru</translation>
    </message>
    <message>
        <source>Due</source>
        <translation>Tenggat</translation>
    </message>
    <message>
        <source>No due time</source>
        <translation>Tanpa tenggat</translation>
    </message>
    <message>
        <source>In an hour</source>
        <translation>Dalam satu jam</translation>
    </message>
    <message>
        <source>In 4 hours</source>
        <translation>Dalam 4 jam</translation>
    </message>
    <message>
        <source>Tomorrow 09:00</source>
        <translation>Besok 09.00</translation>
    </message>
    <message>
        <source>In 3 days</source>
        <translation>Dalam 3 hari</translation>
    </message>
    <message>
        <source>In a week</source>
        <translation>Dalam seminggu</translation>
    </message>
    <message>
        <source>Add task</source>
        <translation>Tambah tugas</translation>
    </message>
    <message>
        <source>Mine</source>
        <translation>Saya</translation>
    </message>
</context>
<context>
    <name>ConversationView</name>
    <message>
        <source>someone</source>
        <translation>seseorang</translation>
    </message>
    <message>
        <source>Unknown customer</source>
        <translation>Pelanggan tidak dikenal</translation>
    </message>
    <message>
        <source>An operator is answering</source>
        <translation>Operator sedang menjawab</translation>
    </message>
    <message>
        <source>The bot is answering</source>
        <translation>Bot sedang menjawab</translation>
    </message>
    <message>
        <source>· Verified</source>
        <translation>· Terverifikasi</translation>
    </message>
    <message>
        <source>Assigned to %1</source>
        <translation>Ditugaskan ke %1</translation>
    </message>
    <message>
        <source>Unassigned</source>
        <translation>Belum ditugaskan</translation>
    </message>
    <message>
        <source>Hand back to bot</source>
        <translation>Kembalikan ke bot</translation>
    </message>
    <message>
        <source>Take over</source>
        <translation>Ambil alih</translation>
    </message>
    <message>
        <source>Assign</source>
        <translation>Tugaskan</translation>
    </message>
    <message>
        <source>Assign to me</source>
        <translation>Tugaskan ke saya</translation>
    </message>
    <message>
        <source>Unassign</source>
        <translation>Batalkan penugasan</translation>
    </message>
    <message>
        <source>Reopen</source>
        <translation>Buka kembali</translation>
    </message>
    <message>
        <source>Resolve</source>
        <translation>Selesaikan</translation>
    </message>
    <message>
        <source>Pick a conversation</source>
        <translation>Pilih percakapan</translation>
    </message>
    <message>
        <source>Choose one from the list, or use ↑/↓ (j/k) and Enter.</source>
        <translation>Pilih dari daftar, atau gunakan ↑/↓ (j/k) lalu Enter.</translation>
    </message>
    <message>
        <source>Messages</source>
        <translation>Pesan</translation>
    </message>
    <message>
        <source>Finished: a new message from the customer starts a new conversation</source>
        <translation>Selesai: pesan baru dari pelanggan memulai percakapan baru</translation>
    </message>
    <message>
        <source>You took over from the bot: it stays silent while you answer.</source>
        <translation>Anda mengambil alih dari bot: bot diam selama Anda menjawab.</translation>
    </message>
    <message>
        <source>Undo</source>
        <translation>Urungkan</translation>
    </message>
    <message>
        <source>Answered from the documents</source>
        <translation>Dijawab dari dokumen</translation>
    </message>
    <message>
        <source>Did not know — passed to a colleague</source>
        <translation>Tidak tahu — diteruskan ke rekan</translation>
    </message>
    <message>
        <source>Asked the customer to verify</source>
        <translation>Meminta pelanggan melakukan verifikasi</translation>
    </message>
    <message>
        <source>Verified the customer</source>
        <translation>Memverifikasi pelanggan</translation>
    </message>
    <message>
        <source>Verification failed</source>
        <translation>Verifikasi gagal</translation>
    </message>
    <message>
        <source>Declined: asked about someone else</source>
        <translation>Ditolak: menanyakan data orang lain</translation>
    </message>
    <message>
        <source>Handed over to a person</source>
        <translation>Diserahkan ke petugas</translation>
    </message>
    <message>
        <source>Reply blocked: it named another customer&apos;s details</source>
        <translation>Balasan diblokir: menyebut data pelanggan lain</translation>
    </message>
    <message>
        <source>Greeted the customer</source>
        <translation>Menyapa pelanggan</translation>
    </message>
    <message>
        <source>Written by %1</source>
        <translation>Ditulis oleh %1</translation>
    </message>
    <message>
        <source>Quoted from the documents (the model %1 failed)</source>
        <translation>Dikutip dari dokumen (model %1 gagal)</translation>
    </message>
    <message>
        <source>Quoted from the documents (offline)</source>
        <translation>Dikutip dari dokumen (offline)</translation>
    </message>
    <message>
        <source>This message was not written by the bot&apos;s pipeline.</source>
        <translation>Pesan ini tidak ditulis oleh alur bot.</translation>
    </message>
    <message>
        <source>How the bot answered</source>
        <translation>Cara bot menjawab</translation>
    </message>
    <message>
        <source>search %1 ms</source>
        <translation>pencarian %1 ms</translation>
    </message>
    <message>
        <source>model %1 ms</source>
        <translation>model %1 ms</translation>
    </message>
    <message>
        <source>%1 + %2 tokens</source>
        <translation>%1 + %2 token</translation>
    </message>
    <message>
        <source>Passages found</source>
        <translation>Bagian yang ditemukan</translation>
    </message>
    <message>
        <source>No passage was searched for or found for this message.</source>
        <translation>Tidak ada bagian yang dicari atau ditemukan untuk pesan ini.</translation>
    </message>
    <message>
        <source>score %1</source>
        <translation>skor %1</translation>
    </message>
    <message>
        <source>cited</source>
        <translation>dikutip</translation>
    </message>
    <message>
        <source>Save the customer&apos;s file</source>
        <translation>Simpan berkas pelanggan</translation>
    </message>
    <message>
        <source>Save as…</source>
        <translation>Simpan sebagai…</translation>
    </message>
    <message>
        <source>%1 is already among %2&apos;s documents.</source>
        <translation>%1 sudah ada di antara dokumen %2.</translation>
    </message>
    <message>
        <source>%1 was added to %2&apos;s documents; the bot answers them from it.</source>
        <translation>%1 ditambahkan ke dokumen %2; bot menjawab mereka berdasarkan dokumen ini.</translation>
    </message>
    <message>
        <source>the customer</source>
        <translation>pelanggan</translation>
    </message>
    <message>
        <source>Add to the customer&apos;s knowledge</source>
        <translation>Tambahkan ke pengetahuan pelanggan</translation>
    </message>
    <message>
        <source>This chat has not proved who the customer is. Add %1 to the documents of %2? Only do this if you know the file is theirs: the bot will answer them from it.</source>
        <translation>Obrolan ini belum membuktikan siapa pelanggannya. Tambahkan %1 ke dokumen %2? Lakukan hanya jika Anda yakin berkas ini milik mereka: bot akan menjawab mereka berdasarkan berkas ini.</translation>
    </message>
    <message>
        <source>This chat is not linked to a customer yet: link or verify it first.</source>
        <translation>Obrolan ini belum terhubung ke pelanggan: hubungkan atau verifikasi terlebih dahulu.</translation>
    </message>
</context>
<context>
    <name>ConversationsPage</name>
    <message>
        <source>Inbox</source>
        <translation>Kotak masuk</translation>
    </message>
    <message>
        <source>Needs attention</source>
        <translation>Perlu perhatian</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>Terbuka</translation>
    </message>
    <message>
        <source>Resolved</source>
        <translation>Selesai</translation>
    </message>
    <message>
        <source>Closed</source>
        <translation>Ditutup</translation>
    </message>
    <message>
        <source>All</source>
        <translation>Semua</translation>
    </message>
    <message>
        <source>Anyone</source>
        <translation>Siapa saja</translation>
    </message>
    <message>
        <source>Assigned to me</source>
        <translation>Ditugaskan ke saya</translation>
    </message>
    <message>
        <source>Unassigned</source>
        <translation>Belum ditugaskan</translation>
    </message>
    <message>
        <source>Any time</source>
        <translation>Kapan saja</translation>
    </message>
    <message>
        <source>Today</source>
        <translation>Hari ini</translation>
    </message>
    <message>
        <source>Last 7 days</source>
        <translation>7 hari terakhir</translation>
    </message>
    <message>
        <source>Last 30 days</source>
        <translation>30 hari terakhir</translation>
    </message>
    <message>
        <source>Custom…</source>
        <translation>Kustom…</translation>
    </message>
    <message>
        <source>All platforms</source>
        <translation>Semua platform</translation>
    </message>
    <message>
        <source>WhatsApp</source>
        <translation>WhatsApp</translation>
    </message>
    <message>
        <source>Telegram</source>
        <translation>Telegram</translation>
    </message>
    <message>
        <source>Sandbox</source>
        <translation>Sandbox</translation>
    </message>
    <message>
        <source>Search messages and customers (Ctrl+K)</source>
        <translation>Cari pesan dan pelanggan (Ctrl+K)</translation>
    </message>
    <message>
        <source>Search conversations</source>
        <translation>Cari percakapan</translation>
    </message>
    <message>
        <source>Status filter</source>
        <translation>Saringan status</translation>
    </message>
    <message>
        <source>Platform filter</source>
        <translation>Saringan platform</translation>
    </message>
    <message>
        <source>Assignee filter</source>
        <translation>Saringan penanggung jawab</translation>
    </message>
    <message>
        <source>Date filter</source>
        <translation>Saringan tanggal</translation>
    </message>
    <message>
        <source>Active between %1 and %2</source>
        <translation>Aktif antara %1 dan %2</translation>
    </message>
    <message>
        <source>Conversations</source>
        <translation>Percakapan</translation>
    </message>
    <message>
        <source>No conversations match “%1”</source>
        <translation>Tidak ada percakapan yang cocok dengan “%1”</translation>
    </message>
    <message>
        <source>No conversations here</source>
        <translation>Tidak ada percakapan di sini</translation>
    </message>
    <message>
        <source>Try fewer words, or another status filter.</source>
        <translation>Coba kata yang lebih sedikit, atau saringan status lain.</translation>
    </message>
    <message>
        <source>Messages from WhatsApp, Telegram and the Sandbox appear here as soon as they arrive.</source>
        <translation>Pesan dari WhatsApp, Telegram, dan Sandbox muncul di sini begitu tiba.</translation>
    </message>
</context>
<context>
    <name>CountBadge</name>
    <message numerus="yes">
        <source>%n unread</source>
        <translation>
            <numerusform>%n belum dibaca</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>CustomerDialog</name>
    <message>
        <source>Phone</source>
        <translation>Telepon</translation>
    </message>
    <message>
        <source>E-mail</source>
        <translation>Email</translation>
    </message>
    <message>
        <source>Policy number</source>
        <translation>Nomor polis</translation>
    </message>
    <message>
        <source>Date of birth</source>
        <translation>Tanggal lahir</translation>
    </message>
    <message>
        <source>Customer</source>
        <translation>Pelanggan</translation>
    </message>
    <message>
        <source>Edit…</source>
        <translation>Ubah…</translation>
    </message>
    <message>
        <source>Merge…</source>
        <translation>Gabungkan…</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Tutup</translation>
    </message>
    <message>
        <source>Show</source>
        <translation>Tampilkan</translation>
    </message>
    <message>
        <source>Show %1</source>
        <translation>Tampilkan %1</translation>
    </message>
    <message>
        <source>Showing a detail is recorded in the audit log with your name.</source>
        <translation>Menampilkan data dicatat di log audit atas nama Anda.</translation>
    </message>
    <message>
        <source>Your role shows personal details masked.</source>
        <translation>Peran Anda menampilkan data pribadi dalam bentuk tersamar.</translation>
    </message>
    <message>
        <source>Reachable on: %1</source>
        <translation>Dapat dihubungi di: %1</translation>
    </message>
    <message>
        <source>Documents…</source>
        <translation>Dokumen…</translation>
    </message>
    <message>
        <source>Yes</source>
        <translation>Ya</translation>
    </message>
    <message>
        <source>No</source>
        <translation>Tidak</translation>
    </message>
    <message>
        <source>Indonesian</source>
        <translation>Indonesia</translation>
    </message>
    <message>
        <source>English</source>
        <translation>Inggris</translation>
    </message>
    <message>
        <source>Not known</source>
        <translation>Tidak diketahui</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>Bahasa</translation>
    </message>
</context>
<context>
    <name>CustomersPage</name>
    <message>
        <source>Customers</source>
        <translation>Pelanggan</translation>
    </message>
    <message>
        <source>New customer</source>
        <translation>Pelanggan baru</translation>
    </message>
    <message>
        <source>Import CSV…</source>
        <translation>Impor CSV…</translation>
    </message>
    <message>
        <source>Export CSV…</source>
        <translation>Ekspor CSV…</translation>
    </message>
    <message>
        <source>Name, phone, e-mail or policy number</source>
        <translation>Nama, telepon, email, atau nomor polis</translation>
    </message>
    <message>
        <source>Search customers</source>
        <translation>Cari pelanggan</translation>
    </message>
    <message numerus="yes">
        <source>%n customer(s) imported.</source>
        <translation>
            <numerusform>%n pelanggan diimpor.</numerusform>
        </translation>
    </message>
    <message>
        <source>Export customers</source>
        <translation>Ekspor pelanggan</translation>
    </message>
    <message>
        <source>CSV files (*.csv)</source>
        <translation>Berkas CSV (*.csv)</translation>
    </message>
    <message numerus="yes">
        <source>%n customer(s) exported. The file holds personal data: keep it safe.</source>
        <translation>
            <numerusform>%n pelanggan diekspor. Berkas ini berisi data pribadi: simpan dengan aman.</numerusform>
        </translation>
    </message>
    <message>
        <source>No customer matches “%1”</source>
        <translation>Tidak ada pelanggan yang cocok dengan “%1”</translation>
    </message>
    <message>
        <source>No customers yet</source>
        <translation>Belum ada pelanggan</translation>
    </message>
    <message>
        <source>Phone numbers, e-mails and policy numbers must match exactly; names match from the start of a word.</source>
        <translation>Nomor telepon, email, dan nomor polis harus sama persis; nama dicocokkan dari awal kata.</translation>
    </message>
    <message>
        <source>Customers are created when someone writes in, or by importing a CSV file.</source>
        <translation>Pelanggan dibuat saat seseorang mengirim pesan, atau dengan mengimpor berkas CSV.</translation>
    </message>
    <message>
        <source>Filter</source>
        <translation>Saring</translation>
    </message>
    <message>
        <source>Filter on</source>
        <translation>Saring menurut</translation>
    </message>
    <message>
        <source>due within (days)</source>
        <translation>jatuh tempo dalam (hari)</translation>
    </message>
    <message>
        <source>before</source>
        <translation>sebelum</translation>
    </message>
    <message>
        <source>after</source>
        <translation>setelah</translation>
    </message>
    <message>
        <source>is set</source>
        <translation>terisi</translation>
    </message>
    <message>
        <source>at least</source>
        <translation>paling sedikit</translation>
    </message>
    <message>
        <source>at most</source>
        <translation>paling banyak</translation>
    </message>
    <message>
        <source>equals</source>
        <translation>sama dengan</translation>
    </message>
    <message>
        <source>is</source>
        <translation>sama dengan</translation>
    </message>
    <message>
        <source>contains</source>
        <translation>berisi</translation>
    </message>
    <message>
        <source>Comparison</source>
        <translation>Perbandingan</translation>
    </message>
    <message>
        <source>value</source>
        <translation>nilai</translation>
    </message>
    <message>
        <source>Filter value</source>
        <translation>Nilai saringan</translation>
    </message>
    <message>
        <source>Clear</source>
        <translation>Hapus saringan</translation>
    </message>
</context>
<context>
    <name>DateRangeDialog</name>
    <message>
        <source>Enter both dates as YYYY-MM-DD, for example %1.</source>
        <translation>Isi kedua tanggal dengan format TTTT-BB-HH, misalnya %1.</translation>
    </message>
    <message>
        <source>The end date is before the start date.</source>
        <translation>Tanggal akhir lebih awal dari tanggal mulai.</translation>
    </message>
    <message>
        <source>Conversations active between</source>
        <translation>Percakapan yang aktif antara</translation>
    </message>
    <message>
        <source>From</source>
        <translation>Dari</translation>
    </message>
    <message>
        <source>YYYY-MM-DD</source>
        <translation>TTTT-BB-HH</translation>
    </message>
    <message>
        <source>First day</source>
        <translation>Hari pertama</translation>
    </message>
    <message>
        <source>To</source>
        <translation>Sampai</translation>
    </message>
    <message>
        <source>Last day</source>
        <translation>Hari terakhir</translation>
    </message>
</context>
<context>
    <name>Dates</name>
    <message>
        <source>Today</source>
        <translation>Hari ini</translation>
    </message>
    <message>
        <source>Yesterday</source>
        <translation>Kemarin</translation>
    </message>
    <message>
        <source>Tomorrow</source>
        <translation>Besok</translation>
    </message>
    <message>
        <source>%1 %2</source>
        <comment>a day, then a time of day</comment>
        <translation>%1 %2</translation>
    </message>
</context>
<context>
    <name>DesktopIntegration</name>
    <message>
        <source>Needs attention: %1</source>
        <translation>Perlu perhatian: %1</translation>
    </message>
    <message numerus="yes">
        <source>AIO-CHAT — %n conversation(s) need attention</source>
        <translation>
            <numerusform>AIO-CHAT — %n percakapan perlu perhatian</numerusform>
        </translation>
    </message>
    <message>
        <source>AIO-CHAT</source>
        <translation>AIO-CHAT</translation>
    </message>
    <message>
        <source>Open AIO-CHAT</source>
        <translation>Buka AIO-CHAT</translation>
    </message>
    <message>
        <source>Quit</source>
        <translation>Keluar dari aplikasi</translation>
    </message>
</context>
<context>
    <name>ErrorBanner</name>
    <message>
        <source>Retry</source>
        <translation>Coba lagi</translation>
    </message>
</context>
<context>
    <name>FilePicker</name>
    <message>
        <source>The file dialog cannot be shown: %1. Type the file&apos;s full path instead.</source>
        <translation>Dialog berkas tidak dapat ditampilkan: %1. Ketik jalur lengkap berkas sebagai gantinya.</translation>
    </message>
    <message>
        <source>/home/me/customers.csv</source>
        <translation>/home/saya/pelanggan.csv</translation>
    </message>
    <message>
        <source>Full path of the file</source>
        <translation>Jalur lengkap berkas</translation>
    </message>
    <message>
        <source>File path</source>
        <translation>Jalur berkas</translation>
    </message>
</context>
<context>
    <name>ImportContactsDialog</name>
    <message>
        <source>Import customers — %1</source>
        <translation>Impor pelanggan — %1</translation>
    </message>
    <message>
        <source>Import customers from CSV</source>
        <translation>Impor pelanggan dari CSV</translation>
    </message>
    <message>
        <source>CSV files (*.csv)</source>
        <translation>Berkas CSV (*.csv)</translation>
    </message>
    <message>
        <source>All files (*)</source>
        <translation>Semua berkas (*)</translation>
    </message>
    <message>
        <source>Choose another file…</source>
        <translation>Pilih berkas lain…</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Batal</translation>
    </message>
    <message numerus="yes">
        <source>Import %n customer(s)</source>
        <translation>
            <numerusform>Impor %n pelanggan</numerusform>
        </translation>
    </message>
    <message>
        <source>Import</source>
        <translation>Impor</translation>
    </message>
    <message>
        <source>%1 of %2 rows need fixing. Nothing is imported until every row is right: correct the file and choose it again.</source>
        <translation>%1 dari %2 baris perlu diperbaiki. Tidak ada yang diimpor sampai semua baris benar: perbaiki berkasnya lalu pilih lagi.</translation>
    </message>
    <message>
        <source>All %1 rows are ready to import.</source>
        <translation>Semua %1 baris siap diimpor.</translation>
    </message>
    <message>
        <source>Ignored columns: %1</source>
        <translation>Kolom yang diabaikan: %1</translation>
    </message>
    <message>
        <source>Line %1 (%2): %3</source>
        <translation>Baris %1 (%2): %3</translation>
    </message>
    <message numerus="yes">
        <source>Preview (first %n row(s) as they will be saved)</source>
        <translation>
            <numerusform>Pratinjau (%n baris pertama sebagaimana akan disimpan)</numerusform>
        </translation>
    </message>
    <message>
        <source>Add as customer attributes: %1</source>
        <translation>Tambahkan sebagai atribut pelanggan: %1</translation>
    </message>
</context>
<context>
    <name>KnowledgePage</name>
    <message>
        <source>Knowledge base</source>
        <translation>Basis pengetahuan</translation>
    </message>
    <message>
        <source>No documents yet</source>
        <translation>Belum ada dokumen</translation>
    </message>
    <message>
        <source>Waiting…</source>
        <translation>Menunggu…</translation>
    </message>
    <message>
        <source>Reading and indexing…</source>
        <translation>Membaca dan mengindeks…</translation>
    </message>
    <message>
        <source>Already in the knowledge base</source>
        <translation>Sudah ada di basis pengetahuan</translation>
    </message>
    <message numerus="yes">
        <source>Ready: %n passage(s)</source>
        <translation>
            <numerusform>Siap: %n bagian</numerusform>
        </translation>
    </message>
    <message>
        <source>Searching…</source>
        <translation>Mencari…</translation>
    </message>
    <message>
        <source>Nothing relevant found: the bot would say it does not know and offer a person.</source>
        <translation>Tidak ada yang relevan: bot akan mengatakan tidak tahu dan menawarkan petugas.</translation>
    </message>
    <message>
        <source>Keyword search only: %1</source>
        <translation>Hanya pencarian kata kunci: %1</translation>
    </message>
    <message>
        <source>Keyword and vector search combined.</source>
        <translation>Gabungan pencarian kata kunci dan vektor.</translation>
    </message>
    <message>
        <source>Keyword search.</source>
        <translation>Pencarian kata kunci.</translation>
    </message>
    <message>
        <source>%1 B</source>
        <translation>%1 B</translation>
    </message>
    <message>
        <source>%1 KB</source>
        <translation>%1 KB</translation>
    </message>
    <message>
        <source>%1 MB</source>
        <translation>%1 MB</translation>
    </message>
    <message>
        <source>PDF</source>
        <translation>PDF</translation>
    </message>
    <message>
        <source>Markdown</source>
        <translation>Markdown</translation>
    </message>
    <message>
        <source>HTML</source>
        <translation>HTML</translation>
    </message>
    <message>
        <source>Text</source>
        <translation>Teks</translation>
    </message>
    <message>
        <source>Documents of %1</source>
        <translation>Dokumen %1</translation>
    </message>
    <message>
        <source>Upload…</source>
        <translation>Unggah…</translation>
    </message>
    <message>
        <source>All documents</source>
        <translation>Semua dokumen</translation>
    </message>
    <message>
        <source>Shared base</source>
        <translation>Basis bersama</translation>
    </message>
    <message>
        <source>Which documents</source>
        <translation>Dokumen yang ditampilkan</translation>
    </message>
    <message>
        <source>Add documents for %1</source>
        <translation>Tambah dokumen untuk %1</translation>
    </message>
    <message>
        <source>Add documents to the shared base</source>
        <translation>Tambah dokumen ke basis bersama</translation>
    </message>
    <message>
        <source>Documents (*.pdf *.md *.markdown *.html *.htm *.txt)</source>
        <translation>Dokumen (*.pdf *.md *.markdown *.html *.htm *.txt)</translation>
    </message>
    <message>
        <source>All files (*)</source>
        <translation>Semua berkas (*)</translation>
    </message>
    <message>
        <source>Keyword search only: no embedding endpoint is configured.</source>
        <translation>Hanya pencarian kata kunci: belum ada endpoint embedding yang dikonfigurasi.</translation>
    </message>
    <message>
        <source>Embedding paused (keyword search still works): %1</source>
        <translation>Embedding dijeda (pencarian kata kunci tetap berfungsi): %1</translation>
    </message>
    <message numerus="yes">
        <source>Vectors for %n passage(s) with %1.</source>
        <translation>
            <numerusform>Vektor untuk %n bagian dengan %1.</numerusform>
        </translation>
    </message>
    <message>
        <source>Documents</source>
        <translation>Dokumen</translation>
    </message>
    <message>
        <source>Customer&apos;s own</source>
        <translation>Milik pelanggan</translation>
    </message>
    <message numerus="yes">
        <source>%n page(s)</source>
        <translation>
            <numerusform>%n halaman</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n passage(s)</source>
        <translation>
            <numerusform>%n bagian</numerusform>
        </translation>
    </message>
    <message>
        <source>Ready</source>
        <translation>Siap</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>Gagal</translation>
    </message>
    <message>
        <source>Indexing</source>
        <translation>Mengindeks</translation>
    </message>
    <message>
        <source>Re-index</source>
        <translation>Indeks ulang</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>Hapus</translation>
    </message>
    <message>
        <source>Upload policy terms, FAQs or a customer&apos;s own documents (PDF, Markdown, HTML or text), or drop the files here. The bot answers only from them.</source>
        <translation>Unggah ketentuan polis, FAQ, atau dokumen milik pelanggan (PDF, Markdown, HTML, atau teks), atau seret berkasnya ke sini. Bot hanya menjawab dari dokumen ini.</translation>
    </message>
    <message>
        <source>The documents the bot answers from will be listed here.</source>
        <translation>Dokumen yang menjadi sumber jawaban bot akan tercantum di sini.</translation>
    </message>
    <message>
        <source>Drop to add to %1&apos;s documents</source>
        <translation>Lepaskan untuk menambah ke dokumen %1</translation>
    </message>
    <message>
        <source>Drop to add to the shared base</source>
        <translation>Lepaskan untuk menambah ke basis bersama</translation>
    </message>
    <message>
        <source>Try a question</source>
        <translation>Coba pertanyaan</translation>
    </message>
    <message>
        <source>Passages</source>
        <translation>Bagian</translation>
    </message>
    <message>
        <source>A question from %1</source>
        <translation>Pertanyaan dari %1</translation>
    </message>
    <message>
        <source>A customer&apos;s question</source>
        <translation>Pertanyaan pelanggan</translation>
    </message>
    <message>
        <source>Search</source>
        <translation>Cari</translation>
    </message>
    <message>
        <source>Searches %1&apos;s documents and the shared base, as the bot does for this customer once verified.</source>
        <translation>Mencari di dokumen %1 dan basis bersama, seperti bot untuk pelanggan ini setelah terverifikasi.</translation>
    </message>
    <message>
        <source>Searches the shared base, as the bot does for a customer who is not verified.</source>
        <translation>Mencari di basis bersama, seperti bot untuk pelanggan yang belum terverifikasi.</translation>
    </message>
    <message>
        <source>, p. %1</source>
        <translation>, hlm. %1</translation>
    </message>
    <message>
        <source>marked archived</source>
        <translation>ditandai diarsipkan</translation>
    </message>
    <message>
        <source>score %1</source>
        <translation>skor %1</translation>
    </message>
    <message numerus="yes">
        <source>%1: %n passage(s)</source>
        <translation>
            <numerusform>%1: %n bagian</numerusform>
        </translation>
    </message>
    <message>
        <source>Choose a document to see its passages.</source>
        <translation>Pilih dokumen untuk melihat bagian-bagiannya.</translation>
    </message>
    <message>
        <source>p. %1</source>
        <translation>hlm. %1</translation>
    </message>
    <message numerus="yes">
        <source>%n word(s)</source>
        <translation>
            <numerusform>%n kata</numerusform>
        </translation>
    </message>
    <message>
        <source>Delete %1?</source>
        <translation>Hapus %1?</translation>
    </message>
    <message>
        <source>The bot stops answering from it at once. Its passages and vectors are deleted.</source>
        <translation>Bot langsung berhenti menjawab dari dokumen ini. Bagian dan vektornya dihapus.</translation>
    </message>
    <message>
        <source>Document %1</source>
        <translation>Dokumen %1</translation>
    </message>
</context>
<context>
    <name>ListenerSettings</name>
    <message>
        <source>Address</source>
        <translation>Alamat</translation>
    </message>
    <message>
        <source>127.0.0.1 (this machine only; a tunnel forwards to it) or 0.0.0.0 (every network)</source>
        <translation>127.0.0.1 (hanya komputer ini; tunnel meneruskan ke sini) atau 0.0.0.0 (semua jaringan)</translation>
    </message>
    <message>
        <source>Port</source>
        <translation>Port</translation>
    </message>
    <message>
        <source>TLS certificate (PEM)</source>
        <translation>Sertifikat TLS (PEM)</translation>
    </message>
    <message>
        <source>empty: plain HTTP behind your tunnel</source>
        <translation>kosong: HTTP biasa di belakang tunnel Anda</translation>
    </message>
    <message>
        <source>TLS private key (PEM)</source>
        <translation>Kunci privat TLS (PEM)</translation>
    </message>
    <message>
        <source>the certificate&apos;s key</source>
        <translation>kunci milik sertifikat</translation>
    </message>
    <message>
        <source>Rate limit: Console API</source>
        <translation>Batas laju: Console API</translation>
    </message>
    <message>
        <source>100/900 = 100 requests per 900 s per address; off</source>
        <translation>100/900 = 100 permintaan per 900 detik per alamat; off</translation>
    </message>
    <message>
        <source>Rate limit: webhooks</source>
        <translation>Batas laju: webhook</translation>
    </message>
    <message>
        <source>Rate limit: health and metrics</source>
        <translation>Batas laju: kesehatan dan metrik</translation>
    </message>
    <message>
        <source>Allowed: Console API</source>
        <translation>Diizinkan: Console API</translation>
    </message>
    <message>
        <source>any address; or e.g. 10.0.0.0/8, 192.168.1.20</source>
        <translation>alamat apa pun; atau mis. 10.0.0.0/8, 192.168.1.20</translation>
    </message>
    <message>
        <source>Allowed: Telegram webhook</source>
        <translation>Diizinkan: webhook Telegram</translation>
    </message>
    <message>
        <source>any address; “telegram” = Telegram&apos;s published ranges</source>
        <translation>alamat apa pun; “telegram” = rentang alamat resmi Telegram</translation>
    </message>
    <message>
        <source>Allowed: WhatsApp webhook</source>
        <translation>Diizinkan: webhook WhatsApp</translation>
    </message>
    <message>
        <source>any address</source>
        <translation>alamat apa pun</translation>
    </message>
    <message>
        <source>Allowed: health and metrics</source>
        <translation>Diizinkan: kesehatan dan metrik</translation>
    </message>
    <message>
        <source>Trusted proxies</source>
        <translation>Proxy tepercaya</translation>
    </message>
    <message>
        <source>e.g. 127.0.0.1 for a local tunnel: then X-Forwarded-For names the client</source>
        <translation>mis. 127.0.0.1 untuk tunnel lokal: maka X-Forwarded-For menunjukkan klien</translation>
    </message>
    <message>
        <source>Nothing changed.</source>
        <translation>Tidak ada yang berubah.</translation>
    </message>
    <message>
        <source>Saved. Rate limits and allow-lists apply now; the address, port and TLS files apply when AIO-CHAT next starts.</source>
        <translation>Tersimpan. Batas laju dan daftar izin berlaku sekarang; alamat, port, dan berkas TLS berlaku saat AIO-CHAT dijalankan berikutnya.</translation>
    </message>
    <message>
        <source>Saved and applied.</source>
        <translation>Tersimpan dan diterapkan.</translation>
    </message>
    <message>
        <source>Running at %1. --listen / --port and AIOCHAT_LISTEN / AIOCHAT_PORT override the address and port saved here.</source>
        <translation>Berjalan di %1. --listen / --port dan AIOCHAT_LISTEN / AIOCHAT_PORT mengesampingkan alamat dan port yang disimpan di sini.</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>Telusuri…</translation>
    </message>
    <message>
        <source>Choose a PEM file</source>
        <translation>Pilih berkas PEM</translation>
    </message>
    <message>
        <source>PEM files (*.pem *.crt *.key)</source>
        <translation>Berkas PEM (*.pem *.crt *.key)</translation>
    </message>
    <message>
        <source>All files (*)</source>
        <translation>Semua berkas (*)</translation>
    </message>
    <message>
        <source>Save listener settings</source>
        <translation>Simpan pengaturan listener</translation>
    </message>
    <message>
        <source>Rate limit: refused webhook requests</source>
        <translation>Batas laju: permintaan webhook yang ditolak</translation>
    </message>
    <message>
        <source>now %1</source>
        <translation>sekarang %1</translation>
    </message>
</context>
<context>
    <name>LoginPage</name>
    <message>
        <source>Enter your e-mail address and password.</source>
        <translation>Masukkan alamat email dan kata sandi Anda.</translation>
    </message>
    <message>
        <source>The two passwords differ.</source>
        <translation>Kedua kata sandi tidak sama.</translation>
    </message>
    <message>
        <source>You were signed out: %1</source>
        <translation>Anda telah dikeluarkan: %1</translation>
    </message>
    <message>
        <source>Welcome to AIO-CHAT</source>
        <translation>Selamat datang di AIO-CHAT</translation>
    </message>
    <message>
        <source>Sign in to AIO-CHAT</source>
        <translation>Masuk ke AIO-CHAT</translation>
    </message>
    <message>
        <source>Create the administrator account. You can invite agents and viewers afterwards.</source>
        <translation>Buat akun administrator. Anda dapat mengundang agen dan pengamat setelahnya.</translation>
    </message>
    <message>
        <source>E-mail address</source>
        <translation>Alamat email</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>Kata sandi</translation>
    </message>
    <message>
        <source>Repeat the password</source>
        <translation>Ulangi kata sandi</translation>
    </message>
    <message>
        <source>At least 10 characters, with two kinds of characters (letters, digits, symbols). A passphrase works well.</source>
        <translation>Minimal 10 karakter, dengan dua jenis karakter (huruf, angka, simbol). Frasa sandi adalah pilihan yang baik.</translation>
    </message>
    <message>
        <source>Checking…</source>
        <translation>Memeriksa…</translation>
    </message>
    <message>
        <source>Create administrator and sign in</source>
        <translation>Buat administrator dan masuk</translation>
    </message>
    <message>
        <source>Sign in</source>
        <translation>Masuk</translation>
    </message>
    <message>
        <source>Server: %1 (%2)</source>
        <translation>Server: %1 (%2)</translation>
    </message>
    <message>
        <source>connected</source>
        <translation>terhubung</translation>
    </message>
    <message>
        <source>offline</source>
        <translation>luring</translation>
    </message>
    <message>
        <source>connecting…</source>
        <translation>menghubungkan…</translation>
    </message>
    <message>
        <source>Server: this computer</source>
        <translation>Server: komputer ini</translation>
    </message>
    <message>
        <source>Change…</source>
        <translation>Ubah…</translation>
    </message>
    <message>
        <source>This computer</source>
        <translation>Komputer ini</translation>
    </message>
    <message>
        <source>The office&apos;s server</source>
        <translation>Server kantor</translation>
    </message>
    <message>
        <source>Server address</source>
        <translation>Alamat server</translation>
    </message>
    <message>
        <source>Open this console</source>
        <translation>Buka konsol ini</translation>
    </message>
    <message>
        <source>Trust this certificate</source>
        <translation>Percayai sertifikat ini</translation>
    </message>
    <message>
        <source>Connecting to %1…</source>
        <translation>Menghubungkan ke %1…</translation>
    </message>
    <message>
        <source>Try again</source>
        <translation>Coba lagi</translation>
    </message>
    <message>
        <source>This server&apos;s certificate is not known yet. Trust it only if this fingerprint is the one your administrator gives you for the server:</source>
        <translation>Sertifikat server ini belum dikenal. Percayai hanya jika sidik jari ini sama dengan yang diberikan administrator Anda untuk server tersebut:</translation>
    </message>
</context>
<context>
    <name>Main</name>
    <message>
        <source>Conversations</source>
        <translation>Percakapan</translation>
    </message>
    <message>
        <source>Customers</source>
        <translation>Pelanggan</translation>
    </message>
    <message>
        <source>Knowledge</source>
        <translation>Pengetahuan</translation>
    </message>
    <message>
        <source>Automations</source>
        <translation>Otomatisasi</translation>
    </message>
    <message>
        <source>Metrics</source>
        <translation>Metrik</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>Pengaturan</translation>
    </message>
    <message>
        <source>Team</source>
        <translation>Tim</translation>
    </message>
    <message>
        <source>AIO-CHAT — demo data</source>
        <translation>AIO-CHAT — data demo</translation>
    </message>
    <message>
        <source>AIO-CHAT</source>
        <translation>AIO-CHAT</translation>
    </message>
    <message>
        <source>Sandbox</source>
        <translation>Sandbox</translation>
    </message>
    <message>
        <source>Open the Sandbox chat window</source>
        <translation>Buka jendela obrolan Sandbox</translation>
    </message>
    <message>
        <source>%1 (Ctrl+%2)</source>
        <translation>%1 (Ctrl+%2)</translation>
    </message>
    <message>
        <source>Offline: %1</source>
        <translation>Luring: %1</translation>
    </message>
    <message>
        <source>Reconnecting to %1…</source>
        <translation>Menyambung kembali ke %1…</translation>
    </message>
    <message>
        <source>Try again</source>
        <translation>Coba lagi</translation>
    </message>
</context>
<context>
    <name>MergeContactsDialog</name>
    <message>
        <source>Merge into %1</source>
        <translation>Gabungkan ke %1</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Batal</translation>
    </message>
    <message>
        <source>Find the other record: name, phone, e-mail or policy number</source>
        <translation>Cari data lainnya: nama, telepon, email, atau nomor polis</translation>
    </message>
    <message>
        <source>Find the customer to merge</source>
        <translation>Cari pelanggan yang akan digabungkan</translation>
    </message>
    <message>
        <source>%1&apos;s conversations, platform identities, notes and tags move to %2, and %1 leaves the list. This cannot be undone.</source>
        <translation>Percakapan, identitas platform, catatan, dan tag milik %1 dipindahkan ke %2, dan %1 hilang dari daftar. Tindakan ini tidak dapat dibatalkan.</translation>
    </message>
    <message>
        <source>same phone</source>
        <translation>telepon sama</translation>
    </message>
    <message>
        <source>same e-mail</source>
        <translation>e-mail sama</translation>
    </message>
    <message>
        <source>same name</source>
        <translation>nama sama</translation>
    </message>
    <message>
        <source>Merge for good</source>
        <translation>Gabungkan permanen</translation>
    </message>
    <message>
        <source>Merge…</source>
        <translation>Gabungkan…</translation>
    </message>
    <message>
        <source>Probably the same person</source>
        <translation>Kemungkinan orang yang sama</translation>
    </message>
</context>
<context>
    <name>MessageDelegate</name>
    <message>
        <source>Bot</source>
        <translation>Bot</translation>
    </message>
    <message>
        <source>Operator</source>
        <translation>Operator</translation>
    </message>
    <message>
        <source>Queued</source>
        <translation>Dalam antrean</translation>
    </message>
    <message>
        <source>Sent</source>
        <translation>Terkirim</translation>
    </message>
    <message>
        <source>Delivered</source>
        <translation>Diterima</translation>
    </message>
    <message>
        <source>Read</source>
        <translation>Dibaca</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>Gagal</translation>
    </message>
    <message>
        <source>IMG</source>
        <translation>GBR</translation>
    </message>
    <message>
        <source>DOC</source>
        <translation>DOK</translation>
    </message>
    <message>
        <source>Unnamed file</source>
        <translation>Berkas tanpa nama</translation>
    </message>
    <message>
        <source>unknown type</source>
        <translation>jenis tidak dikenal</translation>
    </message>
    <message>
        <source>Not delivered: %1</source>
        <translation>Tidak terkirim: %1</translation>
    </message>
    <message>
        <source>Not delivered</source>
        <translation>Tidak terkirim</translation>
    </message>
    <message>
        <source>Retry</source>
        <translation>Coba lagi</translation>
    </message>
    <message>
        <source>Send this message again</source>
        <translation>Kirim ulang pesan ini</translation>
    </message>
    <message>
        <source>edited</source>
        <translation>diedit</translation>
    </message>
    <message>
        <source>How was this answered?</source>
        <translation>Bagaimana ini dijawab?</translation>
    </message>
    <message>
        <source>Downloading…</source>
        <translation>Mengunduh…</translation>
    </message>
    <message>
        <source>Not downloaded: %1</source>
        <translation>Tidak terunduh: %1</translation>
    </message>
    <message>
        <source>Picture %1</source>
        <translation>Gambar %1</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>Buka</translation>
    </message>
    <message>
        <source>Open %1</source>
        <translation>Buka %1</translation>
    </message>
    <message>
        <source>Save as…</source>
        <translation>Simpan sebagai…</translation>
    </message>
    <message>
        <source>Save %1</source>
        <translation>Simpan %1</translation>
    </message>
    <message>
        <source>Try again</source>
        <translation>Coba lagi</translation>
    </message>
    <message>
        <source>Download %1 again</source>
        <translation>Unduh %1 lagi</translation>
    </message>
    <message>
        <source>Add to customer&apos;s knowledge</source>
        <translation>Tambahkan ke pengetahuan pelanggan</translation>
    </message>
    <message>
        <source>Add %1 to the customer&apos;s documents</source>
        <translation>Tambahkan %1 ke dokumen pelanggan</translation>
    </message>
    <message>
        <source>Downloading… %1 %</source>
        <translation>Mengunduh… %1 %</translation>
    </message>
</context>
<context>
    <name>MetricsPage</name>
    <message>
        <source>Last 24 hours</source>
        <translation>24 jam terakhir</translation>
    </message>
    <message>
        <source>Last 7 days</source>
        <translation>7 hari terakhir</translation>
    </message>
    <message>
        <source>Last 30 days</source>
        <translation>30 hari terakhir</translation>
    </message>
    <message>
        <source>%1 s</source>
        <translation>%1 dtk</translation>
    </message>
    <message>
        <source>%1 min</source>
        <translation>%1 mnt</translation>
    </message>
    <message>
        <source>%1 h</source>
        <translation>%1 jam</translation>
    </message>
    <message>
        <source>%1 d</source>
        <translation>%1 hr</translation>
    </message>
    <message>
        <source>in</source>
        <translation>masuk</translation>
    </message>
    <message>
        <source>out</source>
        <translation>keluar</translation>
    </message>
    <message>
        <source>Metrics</source>
        <translation>Metrik</translation>
    </message>
    <message>
        <source>Updated %1</source>
        <translation>Diperbarui %1</translation>
    </message>
    <message>
        <source>Time range</source>
        <translation>Rentang waktu</translation>
    </message>
    <message>
        <source>Needs attention</source>
        <translation>Perlu perhatian</translation>
    </message>
    <message>
        <source>waiting for an operator</source>
        <translation>menunggu operator</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>Terbuka</translation>
    </message>
    <message>
        <source>conversations in progress</source>
        <translation>percakapan berjalan</translation>
    </message>
    <message>
        <source>First response (median)</source>
        <translation>Respons pertama (median)</translation>
    </message>
    <message>
        <source>90% within %1 · %2 answered</source>
        <translation>90% dalam %1 · %2 dijawab</translation>
    </message>
    <message>
        <source>Resolution (median)</source>
        <translation>Penyelesaian (median)</translation>
    </message>
    <message>
        <source>90% within %1 · %2 resolved</source>
        <translation>90% dalam %1 · %2 selesai</translation>
    </message>
    <message>
        <source>Outbox</source>
        <translation>Kotak keluar</translation>
    </message>
    <message>
        <source>messages waiting to be sent</source>
        <translation>pesan menunggu dikirim</translation>
    </message>
    <message>
        <source>Failed sends</source>
        <translation>Pengiriman gagal</translation>
    </message>
    <message>
        <source>%1 retried · since start</source>
        <translation>%1 dicoba ulang · sejak mulai</translation>
    </message>
    <message>
        <source>Messages</source>
        <translation>Pesan</translation>
    </message>
    <message>
        <source>Messages in and out per platform</source>
        <translation>Pesan masuk dan keluar per platform</translation>
    </message>
    <message>
        <source>No messages in this period.</source>
        <translation>Tidak ada pesan dalam periode ini.</translation>
    </message>
    <message>
        <source>Refused webhooks</source>
        <translation>Webhook yang ditolak</translation>
    </message>
    <message>
        <source>None since the start: every webhook request was accepted.</source>
        <translation>Tidak ada sejak mulai: semua permintaan webhook diterima.</translation>
    </message>
    <message>
        <source>Assistant</source>
        <translation>Asisten</translation>
    </message>
    <message>
        <source>Answered by the bot</source>
        <translation>Dijawab oleh bot</translation>
    </message>
    <message>
        <source>%1 handed to a person · %2 messages</source>
        <translation>%1 diserahkan ke petugas · %2 pesan</translation>
    </message>
    <message>
        <source>No answer</source>
        <translation>Tanpa jawaban</translation>
    </message>
    <message>
        <source>of %1 questions · %2 replies blocked</source>
        <translation>dari %1 pertanyaan · %2 balasan diblokir</translation>
    </message>
    <message>
        <source>Verifications</source>
        <translation>Verifikasi</translation>
    </message>
    <message>
        <source>%1 failed attempts</source>
        <translation>%1 percobaan gagal</translation>
    </message>
    <message>
        <source>Model reply (median)</source>
        <translation>Balasan model (median)</translation>
    </message>
    <message>
        <source>90% within %1 s · %2 failed</source>
        <translation>90% dalam %1 dtk · %2 gagal</translation>
    </message>
    <message>
        <source>offline answers only</source>
        <translation>hanya jawaban offline</translation>
    </message>
    <message>
        <source>Tokens</source>
        <translation>Token</translation>
    </message>
    <message>
        <source>%1 prompt · %2 reply</source>
        <translation>%1 prompt · %2 balasan</translation>
    </message>
    <message>
        <source>Model replies by time: </source>
        <translation>Balasan model menurut waktu: </translation>
    </message>
    <message>
        <source>longer</source>
        <translation>lebih lama</translation>
    </message>
    <message>
        <source>≤ %1 s</source>
        <translation>≤ %1 dtk</translation>
    </message>
    <message>
        <source>Automation</source>
        <translation>Otomasi</translation>
    </message>
    <message>
        <source>Reminders sent</source>
        <translation>Pengingat terkirim</translation>
    </message>
    <message>
        <source>%1 actions done in this period</source>
        <translation>%1 tindakan selesai pada periode ini</translation>
    </message>
    <message>
        <source>Jobs waiting</source>
        <translation>Tugas menunggu</translation>
    </message>
    <message>
        <source>%1 running now</source>
        <translation>%1 sedang berjalan</translation>
    </message>
    <message>
        <source>Failed jobs</source>
        <translation>Tugas gagal</translation>
    </message>
    <message>
        <source>retry or discard them under Automations → Jobs</source>
        <translation>coba lagi atau buang di Otomasi → Tugas</translation>
    </message>
</context>
<context>
    <name>OperatorButton</name>
    <message>
        <source>Account of %1</source>
        <translation>Akun %1</translation>
    </message>
    <message>
        <source>Role: %1</source>
        <translation>Peran: %1</translation>
    </message>
    <message>
        <source>Change password…</source>
        <translation>Ubah kata sandi…</translation>
    </message>
    <message>
        <source>Sign out</source>
        <translation>Keluar</translation>
    </message>
</context>
<context>
    <name>QObject</name>
    <message>
        <source>Already belongs to %1 (customer #%2) — merge the two instead.</source>
        <translation>Sudah dimiliki %1 (pelanggan #%2) — gabungkan keduanya saja.</translation>
    </message>
    <message>
        <source>The file is empty.</source>
        <translation>Berkas kosong.</translation>
    </message>
    <message>
        <source>The file has %1 rows; import at most %2 at a time.</source>
        <translation>Berkas berisi %1 baris; impor paling banyak %2 sekaligus.</translation>
    </message>
    <message>
        <source>This row has %1 cells; the header has %2.</source>
        <translation>Baris ini berisi %1 sel; baris judul berisi %2.</translation>
    </message>
    <message>
        <source>Same as line %1 of this file.</source>
        <translation>Sama dengan baris %1 di berkas ini.</translation>
    </message>
    <message numerus="yes">
        <source>%n row(s) have errors; nothing was imported.</source>
        <translation>
            <numerusform>%n baris berisi kesalahan; tidak ada yang diimpor.</numerusform>
        </translation>
    </message>
    <message>
        <source>Enter the customer&apos;s name.</source>
        <translation>Isi nama pelanggan.</translation>
    </message>
    <message>
        <source>The name is longer than 120 characters.</source>
        <translation>Nama lebih dari 120 karakter.</translation>
    </message>
    <message>
        <source>A phone number has only digits, spaces, dashes and a leading +.</source>
        <translation>Nomor telepon hanya berisi angka, spasi, tanda hubung, dan + di depan.</translation>
    </message>
    <message>
        <source>Include the country code, for example +62 812 3456 7890.</source>
        <translation>Sertakan kode negara, misalnya +62 812 3456 7890.</translation>
    </message>
    <message>
        <source>A phone number has 7 to 15 digits after the +.</source>
        <translation>Nomor telepon berisi 7 sampai 15 angka setelah +.</translation>
    </message>
    <message>
        <source>This does not look like an e-mail address (name@example.com).</source>
        <translation>Ini bukan alamat email yang valid (nama@contoh.com).</translation>
    </message>
    <message>
        <source>A policy number has 2 to 40 letters, digits, dashes, dots or slashes.</source>
        <translation>Nomor polis berisi 2 sampai 40 huruf, angka, tanda hubung, titik, atau garis miring.</translation>
    </message>
    <message>
        <source>Write the date of birth as YYYY-MM-DD.</source>
        <translation>Tulis tanggal lahir dengan format TTTT-BB-HH (misalnya 1990-04-01).</translation>
    </message>
    <message>
        <source>The date of birth must be between 1900 and today.</source>
        <translation>Tanggal lahir harus antara tahun 1900 dan hari ini.</translation>
    </message>
    <message>
        <source>Line %1: a quoted field is never closed.</source>
        <translation>Baris %1: kolom bertanda kutip tidak pernah ditutup.</translation>
    </message>
    <message>
        <source>too many sign-ins at once; try again in a few seconds</source>
        <translation>terlalu banyak upaya masuk sekaligus; coba lagi beberapa detik lagi</translation>
    </message>
    <message>
        <source>log in first</source>
        <translation>silakan masuk terlebih dahulu</translation>
    </message>
    <message>
        <source>the session has ended; log in again</source>
        <translation>sesi telah berakhir; silakan masuk lagi</translation>
    </message>
    <message>
        <source>the session is no longer valid; log in again</source>
        <translation>sesi tidak berlaku lagi; silakan masuk lagi</translation>
    </message>
    <message>
        <source>wrong e-mail or password</source>
        <translation>email atau kata sandi salah</translation>
    </message>
    <message>
        <source>the refresh token is not valid; log in again</source>
        <translation>token pembaruan tidak berlaku; silakan masuk lagi</translation>
    </message>
    <message>
        <source>an administrator exists already; log in instead</source>
        <translation>administrator sudah ada; silakan masuk</translation>
    </message>
    <message>
        <source>email: enter a valid e-mail address</source>
        <translation>email: masukkan alamat email yang valid</translation>
    </message>
    <message>
        <source>the current password is not correct</source>
        <translation>kata sandi saat ini salah</translation>
    </message>
    <message>
        <source>this is the last active administrator</source>
        <translation>ini administrator aktif terakhir</translation>
    </message>
    <message>
        <source>the password needs at least 10 characters</source>
        <translation>kata sandi minimal 10 karakter</translation>
    </message>
    <message>
        <source>the password needs at least two kinds of characters (lower case, upper case, digits, symbols)</source>
        <translation>kata sandi memerlukan setidaknya dua jenis karakter (huruf kecil, huruf besar, angka, simbol)</translation>
    </message>
    <message>
        <source>the password must not contain the e-mail address</source>
        <translation>kata sandi tidak boleh memuat alamat email</translation>
    </message>
    <message>
        <source>sign-in is locked after too many failed attempts; try again after %1</source>
        <translation>masuk dikunci setelah terlalu banyak percobaan gagal; coba lagi setelah %1</translation>
    </message>
    <message>
        <source>this sign-in was used from somewhere else and has been ended; log in again</source>
        <translation>sesi masuk ini dipakai dari tempat lain dan telah diakhiri; silakan masuk lagi</translation>
    </message>
    <message>
        <source>%1 is not a date: the month goes from 01 to 12 and the day must exist in that month.</source>
        <translation>%1 bukan tanggal: bulan dari 01 sampai 12 dan harinya harus ada di bulan itu.</translation>
    </message>
    <message>
        <source>Telegram could not be reached: %1</source>
        <translation>Telegram tidak dapat dihubungi: %1</translation>
    </message>
    <message>
        <source>Telegram answered: %1</source>
        <translation>Jawaban Telegram: %1</translation>
    </message>
    <message>
        <source>Set the bot token first (BotFather gives it when the bot is created); Telegram was not contacted.</source>
        <translation>Isi token bot terlebih dahulu (BotFather memberikannya saat bot dibuat); Telegram tidak dihubungi.</translation>
    </message>
    <message>
        <source>the bot token</source>
        <translation>token bot</translation>
    </message>
    <message>
        <source>the webhook secret</source>
        <translation>rahasia webhook</translation>
    </message>
    <message>
        <source>the app secret</source>
        <translation>rahasia aplikasi</translation>
    </message>
    <message>
        <source>the verify token</source>
        <translation>token verifikasi</translation>
    </message>
    <message>
        <source>the access token</source>
        <translation>token akses</translation>
    </message>
    <message>
        <source>the phone number id</source>
        <translation>ID nomor telepon</translation>
    </message>
    <message>
        <source>the key file %1</source>
        <translation>berkas kunci %1</translation>
    </message>
    <message>
        <source>the system keychain</source>
        <translation>gantungan kunci sistem</translation>
    </message>
    <message>
        <source>environment variables</source>
        <translation>variabel lingkungan</translation>
    </message>
    <message>
        <source>Line %1: this %2 chat already belongs to %3 (customer #%4); nothing was imported.</source>
        <translation>Baris %1: chat %2 ini sudah milik %3 (pelanggan #%4); tidak ada yang diimpor.</translation>
    </message>
    <message>
        <source>The first line must name the columns, with at least a &quot;name&quot; column (also: phone, email, policy_number, date_of_birth, telegram_user_id, whatsapp_wa_id).</source>
        <translation>Baris pertama harus menamai kolom, setidaknya kolom &quot;nama&quot; (juga: telepon, email, nomor_polis, tanggal_lahir, telegram_user_id, whatsapp_wa_id).</translation>
    </message>
    <message>
        <source>A Telegram user id is a number such as 123456789.</source>
        <translation>ID pengguna Telegram berupa angka, misalnya 123456789.</translation>
    </message>
    <message>
        <source>A WhatsApp id is the number with its country code, such as 6281234567890.</source>
        <translation>ID WhatsApp adalah nomor dengan kode negara, misalnya 6281234567890.</translation>
    </message>
    <message>
        <source>The language is en (English) or id (Indonesian), or empty when unknown.</source>
        <translation>Bahasa adalah en (Inggris) atau id (Indonesia), atau kosong bila tidak diketahui.</translation>
    </message>
</context>
<context>
    <name>SandboxWindow</name>
    <message>
        <source>Sandbox — chat as a customer</source>
        <translation>Sandbox — mengobrol sebagai pelanggan</translation>
    </message>
    <message>
        <source>Sandbox tester</source>
        <translation>Penguji Sandbox</translation>
    </message>
    <message>
        <source>Customer name</source>
        <translation>Nama pelanggan</translation>
    </message>
    <message>
        <source>Customer id</source>
        <translation>ID pelanggan</translation>
    </message>
    <message>
        <source>Say hello</source>
        <translation>Sapa dulu</translation>
    </message>
    <message>
        <source>Your messages arrive in the console as a Sandbox conversation; answers from the bot or an operator appear here.</source>
        <translation>Pesan Anda masuk ke konsol sebagai percakapan Sandbox; jawaban dari bot atau operator muncul di sini.</translation>
    </message>
    <message>
        <source>Message as the customer</source>
        <translation>Pesan sebagai pelanggan</translation>
    </message>
    <message>
        <source>Send</source>
        <translation>Kirim</translation>
    </message>
</context>
<context>
    <name>SecretField</name>
    <message>
        <source>stored — type to replace</source>
        <translation>tersimpan — ketik untuk mengganti</translation>
    </message>
    <message>
        <source>not set</source>
        <translation>belum diatur</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>Simpan</translation>
    </message>
    <message>
        <source>Saved</source>
        <translation>Tersimpan</translation>
    </message>
</context>
<context>
    <name>SettingsPage</name>
    <message>
        <source>Always available: try the bot and automations without a platform account.</source>
        <translation>Selalu tersedia: coba bot dan otomatisasi tanpa akun platform.</translation>
    </message>
    <message>
        <source>Receiving</source>
        <translation>Menerima</translation>
    </message>
    <message>
        <source>Not receiving</source>
        <translation>Tidak menerima</translation>
    </message>
    <message>
        <source>sending configured</source>
        <translation>pengiriman sudah diatur</translation>
    </message>
    <message>
        <source>sending not configured</source>
        <translation>pengiriman belum diatur</translation>
    </message>
    <message>
        <source>long polling</source>
        <translation>long polling</translation>
    </message>
    <message>
        <source>webhook mode</source>
        <translation>mode webhook</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>Pengaturan</translation>
    </message>
    <message>
        <source>Channels</source>
        <translation>Kanal</translation>
    </message>
    <message>
        <source>Webhook: %1%2 — expose it through your tunnel and give the public URL to the platform.</source>
        <translation>Webhook: %1%2 — buka melalui tunnel Anda dan berikan URL publiknya ke platform.</translation>
    </message>
    <message>
        <source>Connect channels</source>
        <translation>Hubungkan kanal</translation>
    </message>
    <message>
        <source>Webhook listener</source>
        <translation>Listener webhook</translation>
    </message>
    <message>
        <source>This instance</source>
        <translation>Instans ini</translation>
    </message>
    <message>
        <source>Version</source>
        <translation>Versi</translation>
    </message>
    <message>
        <source>Data directory</source>
        <translation>Direktori data</translation>
    </message>
    <message>
        <source>Database</source>
        <translation>Basis data</translation>
    </message>
    <message>
        <source>Secrets are kept in</source>
        <translation>Rahasia disimpan di</translation>
    </message>
    <message>
        <source>Log file</source>
        <translation>Berkas log</translation>
    </message>
    <message>
        <source>—</source>
        <translation>—</translation>
    </message>
    <message>
        <source>System default</source>
        <translation>Ikuti sistem</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>Bahasa</translation>
    </message>
    <message>
        <source>Dates and numbers follow the language too. Changes apply at once.</source>
        <translation>Tanggal dan angka juga mengikuti bahasa. Perubahan langsung berlaku.</translation>
    </message>
    <message>
        <source>Appearance</source>
        <translation>Tampilan</translation>
    </message>
    <message>
        <source>Like the system</source>
        <translation>Ikuti sistem</translation>
    </message>
    <message>
        <source>Light</source>
        <translation>Terang</translation>
    </message>
    <message>
        <source>Dark</source>
        <translation>Gelap</translation>
    </message>
    <message>
        <source>Missing: %1. An administrator sets them under “Connect channels” below.</source>
        <translation>Belum diisi: %1. Administrator mengisinya di “Hubungkan kanal” di bawah.</translation>
    </message>
    <message>
        <source>Assistant</source>
        <translation>Asisten</translation>
    </message>
    <message>
        <source>Endpoint URL</source>
        <translation>URL endpoint</translation>
    </message>
    <message>
        <source>Embedding model</source>
        <translation>Model embedding</translation>
    </message>
    <message>
        <source>API key (optional for local servers)</source>
        <translation>Kunci API (opsional untuk server lokal)</translation>
    </message>
    <message>
        <source>Answer customers automatically</source>
        <translation>Jawab pelanggan secara otomatis</translation>
    </message>
    <message>
        <source>Chat model (empty: answers quoted from the documents)</source>
        <translation>Model chat (kosong: jawaban dikutip dari dokumen)</translation>
    </message>
    <message>
        <source>Testing…</source>
        <translation>Menguji…</translation>
    </message>
    <message>
        <source>Test connection</source>
        <translation>Uji koneksi</translation>
    </message>
    <message>
        <source>%1: answered in %2 ms</source>
        <translation>%1: menjawab dalam %2 ms</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <source>Chat model</source>
        <translation>Model chat</translation>
    </message>
    <message>
        <source>Without an endpoint the assistant works offline: keyword search and answers quoted from the documents. With one, an embedding model gives passages vectors (so a question finds text in other words or languages) and a chat model writes the answers from the passages found — if it fails, the customer still gets the quoted answer.</source>
        <translation>Tanpa endpoint, asisten bekerja offline: pencarian kata kunci dan jawaban yang dikutip dari dokumen. Dengan endpoint, model embedding memberi vektor pada bagian dokumen (agar pertanyaan menemukan teks dengan kata atau bahasa lain) dan model chat menulis jawaban dari bagian yang ditemukan — jika gagal, pelanggan tetap mendapat jawaban kutipan.</translation>
    </message>
    <message>
        <source>This instance keeps its data in PostgreSQL: back it up with pg_dump (see the README).</source>
        <translation>Instans ini menyimpan datanya di PostgreSQL: cadangkan dengan pg_dump (lihat README).</translation>
    </message>
    <message>
        <source>Making a backup now…</source>
        <translation>Sedang membuat cadangan…</translation>
    </message>
    <message>
        <source>Last backup %1: %2 (%3 MB) — %4</source>
        <translation>Cadangan terakhir %1: %2 (%3 MB) — %4</translation>
    </message>
    <message>
        <source>The last backup failed %1: %2</source>
        <translation>Cadangan terakhir gagal %1: %2</translation>
    </message>
    <message>
        <source>Next backup %1 (%2)</source>
        <translation>Cadangan berikutnya %1 (%2)</translation>
    </message>
    <message>
        <source>Backups</source>
        <translation>Cadangan</translation>
    </message>
    <message>
        <source>Back up every day at</source>
        <translation>Cadangkan setiap hari pukul</translation>
    </message>
    <message>
        <source>Time of the daily backup</source>
        <translation>Waktu cadangan harian</translation>
    </message>
    <message>
        <source>keeping the newest</source>
        <translation>menyimpan yang terbaru</translation>
    </message>
    <message>
        <source>Backups to keep</source>
        <translation>Jumlah cadangan yang disimpan</translation>
    </message>
    <message>
        <source>Folder</source>
        <translation>Folder</translation>
    </message>
    <message>
        <source>Backup folder</source>
        <translation>Folder cadangan</translation>
    </message>
    <message>
        <source>Back up now</source>
        <translation>Cadangkan sekarang</translation>
    </message>
    <message>
        <source>Daily backups leave the keys out. Keep the key file safe separately, or make a backup with keys from the command line: aiochat --backup FILE --include-keys.</source>
        <translation>Cadangan harian tidak menyertakan kunci. Simpan berkas kunci secara terpisah dengan aman, atau buat cadangan berikut kuncinya dari baris perintah: aiochat --backup BERKAS --include-keys.</translation>
    </message>
</context>
<context>
    <name>TagEditor</name>
    <message>
        <source>claim, vip, renewal (Enter to save)</source>
        <translation>klaim, vip, perpanjangan (Enter untuk menyimpan)</translation>
    </message>
</context>
<context>
    <name>TeamView</name>
    <message>
        <source>never</source>
        <translation>belum pernah</translation>
    </message>
    <message numerus="yes">
        <source>%n operator(s)</source>
        <translation>
            <numerusform>%n operator</numerusform>
        </translation>
    </message>
    <message>
        <source>Add operator…</source>
        <translation>Tambah operator…</translation>
    </message>
    <message>
        <source>Last sign-in: %1</source>
        <translation>Login terakhir: %1</translation>
    </message>
    <message>
        <source>Locked until %1</source>
        <translation>Terkunci sampai %1</translation>
    </message>
    <message>
        <source>Unlock</source>
        <translation>Buka kunci</translation>
    </message>
    <message>
        <source>Role of %1</source>
        <translation>Peran %1</translation>
    </message>
    <message>
        <source>Disabled</source>
        <translation>Nonaktif</translation>
    </message>
    <message>
        <source>Active</source>
        <translation>Aktif</translation>
    </message>
    <message>
        <source>Add operator</source>
        <translation>Tambah operator</translation>
    </message>
    <message>
        <source>E-mail address</source>
        <translation>Alamat email</translation>
    </message>
    <message>
        <source>Name (optional)</source>
        <translation>Nama (opsional)</translation>
    </message>
    <message>
        <source>Administrators can do everything, including managing the team and reading the audit log.</source>
        <translation>Administrator dapat melakukan segalanya, termasuk mengelola tim dan membaca log audit.</translation>
    </message>
    <message>
        <source>Agents answer customers, verify them and see their details when needed.</source>
        <translation>Agen menjawab pelanggan, memverifikasi mereka, dan melihat data mereka bila perlu.</translation>
    </message>
    <message>
        <source>Viewers can read conversations; personal details stay masked.</source>
        <translation>Pengamat dapat membaca percakapan; data pribadi tetap tersamar.</translation>
    </message>
    <message>
        <source>Initial password (share it privately)</source>
        <translation>Kata sandi awal (bagikan secara pribadi)</translation>
    </message>
</context>
<context>
    <name>Theme</name>
    <message>
        <source>Telegram</source>
        <translation>Telegram</translation>
    </message>
    <message>
        <source>WhatsApp</source>
        <translation>WhatsApp</translation>
    </message>
    <message>
        <source>Sandbox</source>
        <translation>Sandbox</translation>
    </message>
    <message>
        <source>Needs attention</source>
        <translation>Perlu perhatian</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>Terbuka</translation>
    </message>
    <message>
        <source>Resolved</source>
        <translation>Selesai</translation>
    </message>
    <message>
        <source>Closed</source>
        <translation>Ditutup</translation>
    </message>
    <message>
        <source>%1 B</source>
        <translation>%1 B</translation>
    </message>
    <message>
        <source>%1 KB</source>
        <translation>%1 KB</translation>
    </message>
    <message>
        <source>%1 MB</source>
        <translation>%1 MB</translation>
    </message>
    <message>
        <source>Asked for a human</source>
        <translation>Minta petugas</translation>
    </message>
    <message>
        <source>Bot had no answer</source>
        <translation>Bot tak bisa jawab</translation>
    </message>
    <message>
        <source>Send failed</source>
        <translation>Gagal terkirim</translation>
    </message>
    <message>
        <source>Customer waiting</source>
        <translation>Pelanggan menunggu</translation>
    </message>
</context>
<context>
    <name>WhatsAppTemplates</name>
    <message>
        <source>Templates saved.</source>
        <translation>Template tersimpan.</translation>
    </message>
    <message>
        <source>Templates: exactly as approved in Meta&apos;s WhatsApp Manager. Write {{1}}, {{2}}… where values go.</source>
        <translation>Template: persis seperti yang disetujui di WhatsApp Manager milik Meta. Tulis {{1}}, {{2}}… di tempat nilai diisi.</translation>
    </message>
    <message>
        <source>payment_reminder</source>
        <translation>payment_reminder</translation>
    </message>
    <message>
        <source>Template name</source>
        <translation>Nama template</translation>
    </message>
    <message>
        <source>Template language</source>
        <translation>Bahasa template</translation>
    </message>
    <message>
        <source>Hello {{1}}, your premium of {{2}} is due tomorrow.</source>
        <translation>Halo {{1}}, premi Anda sebesar {{2}} jatuh tempo besok.</translation>
    </message>
    <message>
        <source>Template text</source>
        <translation>Teks template</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>Hapus</translation>
    </message>
    <message>
        <source>Remove the template %1</source>
        <translation>Hapus template %1</translation>
    </message>
    <message>
        <source>Add template</source>
        <translation>Tambah template</translation>
    </message>
    <message>
        <source>Save templates</source>
        <translation>Simpan template</translation>
    </message>
</context>
<context>
    <name>aiochat::Backend</name>
    <message>
        <source>Cannot read %1: %2</source>
        <translation>Tidak dapat membaca %1: %2</translation>
    </message>
    <message>
        <source>%1 is larger than %2 MB; split it into smaller files.</source>
        <translation>%1 lebih besar dari %2 MB; pecah menjadi berkas yang lebih kecil.</translation>
    </message>
    <message>
        <source>%1 is not a UTF-8 text file. Save it from your spreadsheet as &quot;CSV UTF-8&quot;.</source>
        <translation>%1 bukan berkas teks UTF-8. Simpan dari spreadsheet Anda sebagai &quot;CSV UTF-8&quot;.</translation>
    </message>
    <message>
        <source>Cannot write %1: %2</source>
        <translation>Tidak dapat menulis %1: %2</translation>
    </message>
    <message>
        <source>a Qt module is missing (%1); install qml6-module-qtquick-dialogs and qml6-module-qt-labs-folderlistmodel</source>
        <translation>sebuah modul Qt tidak ada (%1); pasang qml6-module-qtquick-dialogs dan qml6-module-qt-labs-folderlistmodel</translation>
    </message>
    <message>
        <source>%1 is larger than %2 MB.</source>
        <translation>%1 lebih besar dari %2 MB.</translation>
    </message>
    <message>
        <source>Cannot make a private folder for the file</source>
        <translation>Tidak dapat membuat folder pribadi untuk berkas ini</translation>
    </message>
    <message>
        <source>No program on this computer opens this kind of file; save it instead</source>
        <translation>Tidak ada program di komputer ini yang dapat membuka jenis berkas ini; simpan saja berkasnya</translation>
    </message>
    <message>
        <source>AIO-CHAT could not start again; start it yourself.</source>
        <translation>AIO-CHAT tidak dapat dimulai ulang; jalankan sendiri.</translation>
    </message>
</context>
<context>
    <name>aiochat::RemoteConsoleClient</name>
    <message>
        <source>The server&apos;s certificate has changed (it was %1, it is now %2). The connection was refused: ask your administrator before trusting it.</source>
        <translation>Sertifikat server telah berubah (sebelumnya %1, sekarang %2). Koneksi ditolak: tanyakan kepada administrator Anda sebelum memercayainya.</translation>
    </message>
    <message>
        <source>The server&apos;s certificate is not known to this computer: %1. Compare this fingerprint with the one the server shows before trusting it.</source>
        <translation>Sertifikat server belum dikenal oleh komputer ini: %1. Bandingkan sidik jari ini dengan yang ditampilkan server sebelum memercayainya.</translation>
    </message>
    <message>
        <source>Not connected to %1; reconnecting…</source>
        <translation>Tidak terhubung ke %1; menyambung kembali…</translation>
    </message>
    <message>
        <source>The connection to %1 was lost.</source>
        <translation>Koneksi ke %1 terputus.</translation>
    </message>
    <message>
        <source>The server closed the connection: %1</source>
        <translation>Server menutup koneksi: %1</translation>
    </message>
    <message>
        <source>Enter the server&apos;s address as https://name:port (or http:// on a trusted network).</source>
        <translation>Masukkan alamat server sebagai https://nama:port (atau http:// pada jaringan tepercaya).</translation>
    </message>
    <message>
        <source>Cannot reach %1: %2</source>
        <translation>Tidak dapat menjangkau %1: %2</translation>
    </message>
</context>
</TS>
