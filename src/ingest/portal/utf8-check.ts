import { isUtf8 } from 'node:buffer';
import { Transform, type TransformCallback } from 'node:stream';
import { UserError } from '../../errors.js';

const NEWLINE = 0x0a;
const COMMA = 0x2c;
/** How much of a bad value the error quotes. */
const QUOTED = 60;

/**
 * Passes the bytes of a CSV file through unchanged and fails at the first line that is not
 * UTF-8, naming the line and the encoding it is most likely in.
 *
 * A file that is not UTF-8 is refused rather than guessed: Excel's plain "CSV" is saved in
 * the computer's ANSI code page, which is Windows-1252 only on Western systems (Windows-1250
 * in Central Europe, 1251 in Cyrillic ones…), and the bytes alone cannot say which. A guess
 * would store "MĂĽller" for "Müller" without anyone noticing; a refusal costs one re-save.
 *
 * A line ends at byte 0x0A, which never occurs inside a multi-byte UTF-8 character, so each
 * line can be checked on its own and memory holds only the current line.
 */
export function utf8Check(file: string): Transform {
  let pending: Buffer = Buffer.alloc(0);
  let line = 1;
  let first = true;
  const check = (bytes: Buffer) => {
    if (!isUtf8(bytes)) throw notUtf8(file, line, bytes);
  };
  return new Transform({
    transform(chunk: Buffer, _encoding, done: TransformCallback) {
      try {
        if (first) checkBom(file, chunk);
        first = false;
        const data = pending.length ? Buffer.concat([pending, chunk]) : chunk;
        let start = 0;
        for (let end = data.indexOf(NEWLINE); end !== -1; end = data.indexOf(NEWLINE, start)) {
          check(data.subarray(start, end));
          line++;
          start = end + 1;
        }
        // A copy, so the chunk passed on is not held beyond its line.
        pending = Buffer.from(data.subarray(start));
        done(null, chunk);
      } catch (error) {
        done(error as Error);
      }
    },
    flush(done: TransformCallback) {
      try {
        check(pending);
        done();
      } catch (error) {
        done(error as Error);
      }
    },
  });
}

const RESAVE =
  'Save it as UTF-8 and import it again: in Excel, Save As → "CSV UTF-8 (Comma delimited) (*.csv)"; ' +
  'in LibreOffice, Save As → Text CSV with character set "Unicode (UTF-8)"; or `iconv -f WINDOWS-1252 -t UTF-8 in.csv > out.csv`.';

/** UTF-16 files (Excel's "Unicode Text") start with their own byte order mark. */
function checkBom(file: string, data: Buffer): void {
  if ((data[0] === 0xff && data[1] === 0xfe) || (data[0] === 0xfe && data[1] === 0xff)) {
    throw new UserError(`${file} is in UTF-16, not UTF-8: nothing was imported.`, RESAVE);
  }
}

function notUtf8(file: string, line: number, bytes: Buffer): UserError {
  // The value around the first byte outside ASCII, read as Windows-1252 (in such a file that
  // byte is what is not UTF-8), so people see which name it is.
  const bad = Math.max(
    0,
    bytes.findIndex((b) => b >= 0x80),
  );
  const start = bytes.lastIndexOf(COMMA, bad) + 1;
  const end = bytes.indexOf(COMMA, bad) === -1 ? bytes.length : bytes.indexOf(COMMA, bad);
  const value = new TextDecoder('windows-1252').decode(bytes.subarray(start, end)).replace(/^"|"?\r?$/g, '');
  const quoted = value.length > QUOTED ? `${value.slice(0, QUOTED)}…` : value;
  return new UserError(
    `${file} is not UTF-8: line ${line} has bytes that are not UTF-8 (read as Windows-1252, the usual encoding of ` +
      `Excel's plain "CSV", its value "${quoted}"). Nothing was imported.`,
    RESAVE,
  );
}
