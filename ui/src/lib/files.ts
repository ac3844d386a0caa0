/** Reads a file as bare base64 (no `data:` prefix), as the core expects in ScanUpload. */
export function readFileAsBase64(file: Blob): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => {
      const result = typeof reader.result === "string" ? reader.result : "";
      resolve(result.slice(result.indexOf(",") + 1));
    };
    reader.onerror = () => reject(reader.error ?? new Error("FileReader gagal"));
    reader.readAsDataURL(file);
  });
}

/** Reads a text file (e.g. an .ics calendar) as UTF-8. */
export function readFileAsText(file: Blob): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(typeof reader.result === "string" ? reader.result : "");
    reader.onerror = () => reject(reader.error ?? new Error("FileReader gagal"));
    reader.readAsText(file, "utf-8");
  });
}
