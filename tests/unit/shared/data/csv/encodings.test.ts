// Files in the code pages spreadsheets write in other languages are detected and read as they are meant,
// or read in the encoding the user names; never silently as Windows-1252 mojibake.
import { describe, expect, it } from 'vitest';
import { previewRows } from '../../../../../src-shared/data/preview';
import { detectEncoding, provideCharsetDetector, type CharsetDetect } from '../../../../../src-shared/data/csv/detect-encoding';
// As the app and the CLI do: jschardet, loaded on first use.
import '../../../../../src-main/services/datasets/charset-detector';
import { detect } from 'jschardet';
import { loadText, readText } from './load-text';

// Written by Python's codecs (str.encode), 13 lines each: a header and 12 rows `name{i}, city, 20 + i`.
const FILES: Record<string, { base64: string; name: string; city: string }> = {
  shift_jis: { name: '田中0', city: '東京', base64: 'lryRTyyTc45zLJROl+4Kk2OShjAsk4yLniwyMAqTY5KGMSyTjIueLDIxCpNjkoYyLJOMi54sMjIKk2OShjMsk4yLniwyMwqTY5KGNCyTjIueLDI0CpNjkoY1LJOMi54sMjUKk2OShjYsk4yLniwyNgqTY5KGNyyTjIueLDI3CpNjkoY4LJOMi54sMjgKk2OShjksk4yLniwyOQqTY5KGMTAsk4yLniwzMAqTY5KGMTEsk4yLniwzMQo=' },
  gbk: { name: '张伟0', city: '北京', base64: '0NXD+yyzx8rQLMTqweQK1cXOsDAssbG+qSwyMArVxc6wMSyxsb6pLDIxCtXFzrAyLLGxvqksMjIK1cXOsDMssbG+qSwyMwrVxc6wNCyxsb6pLDI0CtXFzrA1LLGxvqksMjUK1cXOsDYssbG+qSwyNgrVxc6wNyyxsb6pLDI3CtXFzrA4LLGxvqksMjgK1cXOsDkssbG+qSwyOQrVxc6wMTAssbG+qSwzMArVxc6wMTEssbG+qSwzMQo=' },
  'windows-1251': { name: 'Иван0', city: 'Москва', base64: 'yOz/O8Pu8O7kO8Lu5/Dg8fIKyOLg7TA7zO7x6uLgOzIwCsji4O0xO8zu8eri4DsyMQrI4uDtMjvM7vHq4uA7MjIKyOLg7TM7zO7x6uLgOzIzCsji4O00O8zu8eri4DsyNArI4uDtNTvM7vHq4uA7MjUKyOLg7TY7zO7x6uLgOzI2Csji4O03O8zu8eri4DsyNwrI4uDtODvM7vHq4uA7MjgKyOLg7Tk7zO7x6uLgOzI5Csji4O0xMDvM7vHq4uA7MzAKyOLg7TExO8zu8eri4DszMQo=' },
  big5: { name: '陳大文0', city: '台北', base64: 'qW2mVyyrsKWrLKZ+xNYKs6+kaqTlMCyleKVfLDIwCrOvpGqk5TEspXilXywyMQqzr6RqpOUyLKV4pV8sMjIKs6+kaqTlMyyleKVfLDIzCrOvpGqk5TQspXilXywyNAqzr6RqpOU1LKV4pV8sMjUKs6+kaqTlNiyleKVfLDI2CrOvpGqk5TcspXilXywyNwqzr6RqpOU4LKV4pV8sMjgKs6+kaqTlOSyleKVfLDI5CrOvpGqk5TEwLKV4pV8sMzAKs6+kaqTlMTEspXilXywzMQo=' },
  'euc-kr': { name: '김민준0', city: '서울', base64: 'wMy4pyy1tb3DLLOqwMwKsei5zsHYMCy8rb/vLDIwCrHouc7B2DEsvK2/7ywyMQqx6LnOwdgyLLytv+8sMjIKsei5zsHYMyy8rb/vLDIzCrHouc7B2DQsvK2/7ywyNAqx6LnOwdg1LLytv+8sMjUKsei5zsHYNiy8rb/vLDI2CrHouc7B2DcsvK2/7ywyNwqx6LnOwdg4LLytv+8sMjgKsei5zsHYOSy8rb/vLDI5CrHouc7B2DEwLLytv+8sMzAKsei5zsHYMTEsvK2/7ywzMQo=' },
  'windows-1252': { name: 'Renée0', city: 'Besançon', base64: 'bmFtZSxjaXR5LG5vdGUKUmVu6WUwLEJlc2Fu529uLGTpauAgdnUgliBuYe92ZSBjYWbpClJlbullMSxCZXNhbudvbixk6WrgIHZ1IJYgbmHvdmUgY2Fm6QpSZW7pZTIsQmVzYW7nb24sZOlq4CB2dSCWIG5h73ZlIGNhZukKUmVu6WUzLEJlc2Fu529uLGTpauAgdnUgliBuYe92ZSBjYWbpClJlbullNCxCZXNhbudvbixk6WrgIHZ1IJYgbmHvdmUgY2Fm6QpSZW7pZTUsQmVzYW7nb24sZOlq4CB2dSCWIG5h73ZlIGNhZukKUmVu6WU2LEJlc2Fu529uLGTpauAgdnUgliBuYe92ZSBjYWbpClJlbullNyxCZXNhbudvbixk6WrgIHZ1IJYgbmHvdmUgY2Fm6QpSZW7pZTgsQmVzYW7nb24sZOlq4CB2dSCWIG5h73ZlIGNhZukKUmVu6WU5LEJlc2Fu529uLGTpauAgdnUgliBuYe92ZSBjYWbpClJlbullMTAsQmVzYW7nb24sZOlq4CB2dSCWIG5h73ZlIGNhZukKUmVu6WUxMSxCZXNhbudvbixk6WrgIHZ1IJYgbmHvdmUgY2Fm6Qo=' },
};

const bytesOf = (base64: string): Uint8Array => new Uint8Array(Buffer.from(base64, 'base64'));

describe('encodings beyond UTF-8, UTF-16 and Windows-1252', () => {
  for (const [encoding, f] of Object.entries(FILES)) {
    it(`detects ${encoding} and reads its text as written, saying how it read it`, async () => {
      const d = await loadText(bytesOf(f.base64));
      // GB18030 is the superset of GBK that the platform decodes both with.
      expect(d.encoding).toBe(encoding === 'gbk' ? 'gb18030' : encoding);
      expect(d.rows).toBe(12);
      const first = previewRows(d, 0, 1)[0];
      expect(first[0]).toBe(f.name);
      expect(first[1]).toBe(f.city);
      expect(d.columns[2].type).toBe(encoding === 'windows-1252' ? 'categorical' : 'numeric');
      expect(d.warnings[0].message).toContain(encoding === 'windows-1252' ? 'Windows-1252' : `read as ${d.encoding} (detected)`);
    });
  }

  it('reads a file in the encoding the user names (a label such as sjis or cp1251), even when it would detect another', async () => {
    const d = await loadText(bytesOf(FILES['windows-1251'].base64), { encoding: 'cp1251' });
    expect(d.encoding).toBe('windows-1251');
    expect(d.columns.map((c) => c.name)).toEqual(['Имя', 'Город', 'Возраст']);
    const k = await loadText(bytesOf(FILES['windows-1251'].base64), { encoding: 'koi8-r' });
    expect(k.encoding).toBe('koi8-r');
    expect(previewRows(k, 0, 1)[0][0]).not.toBe('Иван0');
  });

  it('a name that is no encoding is refused with one sentence; bytes invalid in the named encoding are said', async () => {
    const r = await readText('a,b\n1,2\n', { encoding: 'klingon' });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.message).toMatch(/^unknown encoding 'klingon': give a name such as utf-8, .*shift_jis, gbk/);
    const d = await loadText(bytesOf(FILES.shift_jis.base64), { encoding: 'utf-8' });
    expect(d.warnings.some((w) => w.message.includes('not valid utf-8'))).toBe(true);
  });

  it('a UTF-8 file never reaches the detector: it reads as UTF-8 without a warning', async () => {
    const d = await loadText('名前,年齢\n山田,30\n佐藤,41\n');
    expect(d.encoding).toBe('utf-8');
    expect(d.warnings).toEqual([]);
  });

  it('short Latin text (accented letters inside words) stays Windows-1252 (the detector alone guesses Windows-1251)', () => {
    const latin1 = (s: string) => new Uint8Array([...s].map((c) => c.charCodeAt(0)));
    const text = `name,city,note\n${Array.from({ length: 12 }, (_, i) => `Ren\u00e9e${i},Besan\u00e7on,d\u00e9j\u00e0 vu`).join('\n')}\n`;
    expect(detectEncoding(latin1(text), false).encoding).toBe('windows-1252');
    expect(detectEncoding(latin1('city\nZ\u00fcrich\nK\u00f6ln\n'), false).encoding).toBe('windows-1252');
  });
});

describe('the charset detector', () => {
  it('is loaded only for a sample that is not UTF-8, once', async () => {
    let loads = 0;
    let calls = 0;
    provideCharsetDetector(() => {
      loads++;
      return ((sample, options) => {
        calls++;
        return detect(sample, options);
      }) as CharsetDetect;
    });
    try {
      await loadText(new TextEncoder().encode('name,city\nRenée,Besançon\n'));
      expect(loads).toBe(0);
      const d = await loadText(bytesOf(FILES.shift_jis.base64));
      expect(d.encoding).toBe('shift_jis');
      await loadText(bytesOf(FILES.big5.base64));
      expect(loads).toBe(1);
      expect(calls).toBeGreaterThanOrEqual(2);
    } finally {
      provideCharsetDetector(() => detect as CharsetDetect);
    }
  });
});
