// The design system's primitives. Server-safe ones are plain components; interactive ones
// (toast, copy button, dialog) are client components and say so in their files.
export { cn } from "./cn";
export { Button, ButtonLink, buttonClasses, type ButtonSize, type ButtonVariant } from "./button";
export { Input, Select, controlClasses } from "./input";
export { Label } from "./label";
export { Field, type FieldControlProps } from "./field";
export { Card, CardHeader, CardBody, CardFooter } from "./card";
export { Badge, StatusBadge, type BadgeTone, type CodeStatus } from "./badge";
export { Table, THead, TBody, TR, TH, TD } from "./table";
export { EmptyState } from "./empty-state";
export { PageHeader } from "./page-header";
export { Spinner, Skeleton } from "./spinner";
export { Stat } from "./stat";
export { Alert, type AlertTone } from "./alert";
export { ToastProvider, useToast, LiveRegion, type ToastTone } from "./toast";
export { CopyButton } from "./copy-button";
export { Dialog } from "./dialog";
export { Chip } from "./chip";
