// dcmjs ships no type declarations; the capture code uses a small part of it (readFile, naturalizeDataset, datasetToBuffer).
declare module 'dcmjs';
