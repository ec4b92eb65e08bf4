/** True when the runtime knows this IANA zone name (e.g. `Europe/Berlin`, `Asia/Kolkata`). */
export function isValidTimeZone(zone: string): boolean {
  if (zone.trim() === '') return false;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}
