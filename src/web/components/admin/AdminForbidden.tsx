/** What a viewer sees on an admin route. */
export function AdminForbidden({ message }: { message: string }) {
  return (
    <div className="page">
      <div className="empty-state" data-testid="admin-forbidden">
        {message}
      </div>
    </div>
  );
}
