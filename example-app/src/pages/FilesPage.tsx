import type { ReactNode } from "react";
import { useAuthedQuery } from "react-oidc-apis/query";
import { filesQuery, type FileEntry } from "../api/queries";
import { useRuntimeConfig } from "../appServices";
import { ApiTokenCard } from "../components/ApiTokenCard";
import { PageHeader } from "../components/PageHeader";
import { QueryState } from "../components/QueryState";

const size = (bytes: number) => (bytes < 1024 ? `${bytes} B` : `${(bytes / 1024).toFixed(1)} KB`);

/** The files API, reached with an RFC 8707 resource indicator. */
export function FilesPage(): ReactNode {
  const { apis } = useRuntimeConfig();
  const files = useAuthedQuery(filesQuery(apis));
  return (
    <>
      <PageHeader title="Files">
        No extra client: the login client's refresh token is redeemed with <code>resource=https://files.example</code> (RFC 8707).
      </PageHeader>
      <ApiTokenCard api="files" />
      <section className="card">
        <QueryState query={files} what="files">
          {(list) => (
            <table className="table" data-testid="file-list">
              <thead>
                <tr>
                  <th scope="col">Name</th>
                  <th scope="col">Size</th>
                  <th scope="col">Owner</th>
                </tr>
              </thead>
              <tbody>
                {list.map((file) => (
                  <tr key={file.name}>
                    <td>
                      <span className="file-icon" aria-hidden="true">▤</span> {file.name}
                    </td>
                    <td>{size(file.size)}</td>
                    <td>{file.owner}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </QueryState>
      </section>
    </>
  );
}
