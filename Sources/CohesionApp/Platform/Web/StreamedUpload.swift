import Foundation
import MultipartKit
import NIOCore
import Vapor

/// A multipart file upload read as it arrives: the file goes straight to a temporary file and
/// only the small fields stay in memory, so a 30 MB upload costs 30 MB of disk, not three copies
/// in memory (collecting the body, then decoding it into parts, as Vapor's decoder does).
///
/// The route is registered with `routes.upload`; the handler calls `receive`, which checks the
/// form's CSRF token before returning anything, then uses the file and removes it with
/// `discard()`.
struct StreamedUpload: Sendable {
    /// The file part: its name as the browser sent it, where it was saved, and its size.
    struct SavedFile: Sendable { let filename: String; let path: String; let size: Int }

    enum Problem: AbortError, Equatable {
        /// The whole upload is over the limit.
        case tooLarge(limit: Int)
        /// Not a multipart form, or a broken one.
        case unreadable
        /// The connection ended before the whole upload arrived.
        case interrupted

        var status: HTTPResponseStatus {
            switch self {
            case .tooLarge: .payloadTooLarge
            case .unreadable, .interrupted: .badRequest
            }
        }
        var reason: String {
            switch self {
            case .tooLarge(let limit): "The upload is larger than \(limit / 1_048_576) MB."
            case .unreadable: "Send the file with the page's form (a multipart/form-data upload)."
            case .interrupted: "The upload stopped before the whole file arrived. Try again."
            }
        }
    }

    let fields: [String: String]
    let file: SavedFile?

    /// Small text fields (the kind of file, the form token) longer than this are cut.
    static let maxFieldLength = 1_000

    /// Reads the request body, saving the part named `fileField` to a temporary file, then checks
    /// the form's CSRF token (so a handler can't forget to) before returning the fields.
    static func receive(_ request: Request, fileField: String, maxBytes: Int) async throws -> StreamedUpload {
        guard let type = request.headers.contentType, type == .formData, let boundary = type.parameters["boundary"] else {
            // Not a file upload: still a form without its token is refused as any other is (403),
            // before saying what is wrong with it.
            let body = try? await request.body.collect(upTo: 1_048_576)
            try CSRF.verify(request, submitted: SubmittedForm(urlEncoded: body.map { String(buffer: $0) } ?? "").optional(CSRF.fieldName) ?? "")
            throw Problem.unreadable
        }
        let path = request.application.temporaryUploadFolder + "cohesion-upload-" + UUID().uuidString
        let state = UploadState(fileField: fileField)
        let parser = MultipartParser(boundary: boundary)
        parser.onHeader = { name, value in state.header(name, value) }
        parser.onBody = { chunk in state.body(&chunk) }
        parser.onPartComplete = { state.partComplete() }
        guard FileManager.default.createFile(atPath: path, contents: nil),
              let handle = FileHandle(forWritingAtPath: path) else { throw Abort(.internalServerError, reason: "Could not store the upload") }
        var received = 0
        var tooLarge = false
        do {
            defer { try? handle.close() }
            for try await chunk in request.body {
                received += chunk.readableBytes
                if received > maxBytes { tooLarge = true }
                // Past the limit, read on without keeping anything, so the browser, which is still
                // sending, gets the answer rather than a broken connection; past twice the limit,
                // stop reading (the connection closes).
                if tooLarge {
                    if received > 2 * maxBytes { break }
                    continue
                }
                do { try parser.execute(chunk) } catch { throw Problem.unreadable }
                let pending = state.takeFileBytes()
                if !pending.isEmpty {
                    // Disk writes go to the thread pool, never the event loop.
                    try await request.application.threadPool.runIfActive { try handle.write(contentsOf: pending) }
                }
            }
            if tooLarge { throw Problem.tooLarge(limit: maxBytes) }
        } catch {
            try? FileManager.default.removeItem(atPath: path)
            // A browser that goes away mid-upload ends the body stream with an error of its own:
            // that is the sender's doing, not a fault here.
            throw error is Problem ? error : Problem.interrupted
        }
        let upload = StreamedUpload(fields: state.fields,
                                    file: state.filename.map { SavedFile(filename: $0, path: path, size: state.fileSize) })
        if upload.file == nil { try? FileManager.default.removeItem(atPath: path) }
        do {
            try CSRF.verify(request, submitted: upload.fields[CSRF.fieldName] ?? "")
        } catch {
            upload.discard()
            throw error
        }
        return upload
    }

    /// Removes the temporary file.
    func discard() {
        if let file { try? FileManager.default.removeItem(atPath: file.path) }
    }

    /// Reads the saved file; the importers work on the whole text or data.
    func fileData(_ request: Request) async throws -> Data? {
        guard let file else { return nil }
        return try await request.application.threadPool.runIfActive { try Data(contentsOf: URL(fileURLWithPath: file.path)) }
    }
}

/// What the parser's callbacks have seen so far. The parser calls them synchronously from
/// `execute`, one chunk at a time, so a lock is all the safety needed.
private final class UploadState: @unchecked Sendable {
    private let lock = NSLock()
    private let fileField: String
    private var headers: [String: String] = [:]
    private var currentName: String?
    private var currentIsFile = false
    private var currentValue = ""
    private var pendingFileBytes: [UInt8] = []
    private(set) var fields: [String: String] = [:]
    private(set) var filename: String?
    private(set) var fileSize = 0

    init(fileField: String) { self.fileField = fileField }

    func header(_ name: String, _ value: String) {
        lock.withLock { headers[name.lowercased()] = value }
    }

    /// Works out, from its headers, which field the part in progress is.
    private func resolvePart() {
        guard currentName == nil else { return }
        let disposition = headers["content-disposition"] ?? ""
        currentName = Self.parameter("name", in: disposition) ?? ""
        // A file input left empty still sends a part, with an empty file name.
        let file = Self.parameter("filename", in: disposition).flatMap { $0.isEmpty ? nil : $0 }
        currentIsFile = currentName == fileField && file != nil && filename == nil
        if currentIsFile { filename = file }
    }

    func body(_ chunk: inout ByteBuffer) {
        lock.withLock {
            resolvePart()
            if currentIsFile {
                fileSize += chunk.readableBytes
                pendingFileBytes += chunk.readableBytesView
            } else if currentValue.utf8.count < StreamedUpload.maxFieldLength {
                currentValue += chunk.getString(at: chunk.readerIndex, length: chunk.readableBytes) ?? ""
            }
        }
    }

    func partComplete() {
        lock.withLock {
            resolvePart()
            if let name = currentName, !currentIsFile, !name.isEmpty, fields[name] == nil {
                fields[name] = String(currentValue.prefix(StreamedUpload.maxFieldLength))
            }
            headers = [:]
            currentName = nil
            currentIsFile = false
            currentValue = ""
        }
    }

    func takeFileBytes() -> Data {
        lock.withLock {
            defer { pendingFileBytes.removeAll(keepingCapacity: true) }
            return Data(pendingFileBytes)
        }
    }

    /// `name="value"` from a Content-Disposition header.
    static func parameter(_ key: String, in header: String) -> String? {
        for part in header.split(separator: ";") {
            let pair = part.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            guard pair.count == 2, pair[0].lowercased() == key else { continue }
            var value = pair[1]
            if value.hasPrefix("\""), value.hasSuffix("\""), value.count >= 2 { value = String(value.dropFirst().dropLast()) }
            return value
        }
        return nil
    }
}

extension Application {
    private struct UploadFolderKey: StorageKey { typealias Value = String }

    /// Where uploads wait while they are read: the system's temporary folder (tests use their own).
    var temporaryUploadFolder: String {
        get { storage[UploadFolderKey.self] ?? NSTemporaryDirectory() }
        set { storage[UploadFolderKey.self] = newValue.hasSuffix("/") ? newValue : newValue + "/" }
    }
}
