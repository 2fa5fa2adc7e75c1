// Without libFuzzer: run a fuzz target over every file of its seed corpus (and any crash
// reproducers committed next to it), so the normal test suite guards against regressions.
#include <QDir>
#include <QFile>

#include <cstdint>
#include <cstdio>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int main(int argc, char *argv[])
{
    int files = 0;
    for (int i = 1; i < argc; ++i) {
        const QDir dir(QString::fromLocal8Bit(argv[i]));
        const QStringList entries = dir.entryList(QDir::Files, QDir::Name);
        for (const QString &name : entries) {
            QFile f(dir.filePath(name));
            if (!f.open(QIODevice::ReadOnly))
                return 2;
            const QByteArray bytes = f.readAll();
            LLVMFuzzerTestOneInput(reinterpret_cast<const uint8_t *>(bytes.constData()),
                                   size_t(bytes.size()));
            // Every prefix too: truncated input is the most common malformation.
            for (qsizetype n = 0; n < bytes.size(); n += 7)
                LLVMFuzzerTestOneInput(reinterpret_cast<const uint8_t *>(bytes.constData()),
                                       size_t(n));
            ++files;
        }
    }
    std::printf("replayed %d inputs without a crash\n", files);
    return files > 0 ? 0 : 1;
}
