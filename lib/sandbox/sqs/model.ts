import 'server-only';

export type MessageAttributeValue = {
  DataType: string;
  StringValue?: string;
  BinaryValue?: Buffer;
};

export type QueueRecord = {
  id: number;
  region: string;
  accountId: string;
  name: string;
  isFifo: boolean;
  /** Configurable attributes as AWS reports them (strings). */
  attributes: Record<string, string>;
  createdAt: number;
  modifiedAt: number;
};

export type StoredMessage = {
  rowid: number;
  queueId: number;
  messageId: string;
  body: string;
  md5OfBody: string;
  attributes: Record<string, MessageAttributeValue>;
  md5OfAttributes: string | undefined;
  systemAttributes: Record<string, MessageAttributeValue>;
  md5OfSystemAttributes: string | undefined;
  groupId: string | undefined;
  deduplicationId: string | undefined;
  sequenceNumber: string | undefined;
  sentAt: number;
  senderId: string;
  visibleAt: number;
  receiveCount: number;
  firstReceiveAt: number | undefined;
  receiptNonce: string | undefined;
  expiresAt: number;
  deadLetterSourceArn: string | undefined;
};
